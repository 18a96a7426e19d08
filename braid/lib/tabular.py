"""(placeholder until the full module lands)"""

import re
import unicodedata


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
