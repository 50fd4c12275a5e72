/* Review banner: switch to the overdue warning once the reader's date is past the
   page's review date. The built page already shows what was true when it was built,
   so without JavaScript it still reads correctly; this only catches a page read
   after its review fell due. */
(function () {
  "use strict";

  function today() {
    // The reader's own calendar date as YYYY-MM-DD, to compare with the ISO due date.
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  function update() {
    var banners = document.querySelectorAll("[data-guide-review-due]");
    Array.prototype.forEach.call(banners, function (banner) {
      var due = banner.getAttribute("data-guide-review-due");
      if (!due || today() <= due) return;
      var current = banner.querySelector(".guide-review__current");
      var overdue = banner.querySelector(".guide-review__overdue");
      if (!current || !overdue) return;
      current.hidden = true;
      overdue.hidden = false;
      banner.classList.add("guide-review--overdue");
    });
  }

  // Material's instant loading swaps pages without reloading scripts: follow it if on.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else {
    update();
  }
})();
