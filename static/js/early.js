// Loaded first and not deferred: styles that need JavaScript know it is there before paint.
document.documentElement.classList.add("js");
