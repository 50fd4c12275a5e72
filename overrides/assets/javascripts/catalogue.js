/* Instant filtering for the case-study catalogue.
   Without JavaScript the facet links lead to a generated page per value; with it,
   the links become drop-down filters and the choice is kept in the address
   (?channel=webchats&theme=continuity&sort=title) so it can be shared. The count says
   what the list shows ("Showing 4 case studies about webchats"), and a sort choice
   reorders the entries: newest first (as the page is built) or A to Z. */
(function () {
  "use strict";
  var facets = document.querySelector(".guide-facets");
  var cases = Array.prototype.slice.call(document.querySelectorAll(".guide-case"));
  if (!facets || !cases.length) return;

  var count = document.querySelector(".guide-case-count");
  var form = document.createElement("form");
  form.className = "guide-filter";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filter case studies");
  var selects = {};

  Array.prototype.forEach.call(facets.querySelectorAll(".guide-facet"), function (group) {
    var facet = group.getAttribute("data-facet");
    var heading = group.querySelector("h3");
    var id = "guide-filter-" + facet;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = heading ? heading.textContent.replace(/\u00b6/g, "").trim() : facet;
    var select = document.createElement("select");
    select.id = id;
    select.name = facet;
    select.add(new Option("Any", ""));
    Array.prototype.forEach.call(group.querySelectorAll("a[data-value]"), function (link) {
      var option = new Option(link.textContent.trim(), link.getAttribute("data-value"));
      option.setAttribute("data-phrase", link.getAttribute("data-phrase") || "");
      select.add(option);
    });
    var field = document.createElement("div");
    field.className = "guide-filter__field";
    field.appendChild(label);
    field.appendChild(select);
    form.appendChild(field);
    selects[facet] = select;
  });

  var sortField = document.createElement("div");
  sortField.className = "guide-filter__field";
  var sortLabel = document.createElement("label");
  sortLabel.htmlFor = "guide-sort";
  sortLabel.textContent = "Sort by";
  var sort = document.createElement("select");
  sort.id = "guide-sort";
  sort.name = "sort";
  sort.add(new Option("Newest first", ""));
  sort.add(new Option("A to Z", "title"));
  sortField.appendChild(sortLabel);
  sortField.appendChild(sort);
  form.appendChild(sortField);

  var list = cases[0].parentNode;
  function title(item) {
    return item.querySelector(".guide-case__title").textContent.trim().toLowerCase();
  }
  function newest(item) {
    return Math.max.apply(null, (item.getAttribute("data-period") || "0").split(" ").map(Number));
  }
  function byTitle(a, b) { return title(a) < title(b) ? -1 : title(a) > title(b) ? 1 : 0; }
  function byNewest(a, b) { return newest(b) - newest(a) || byTitle(a, b); }

  var reset = document.createElement("button");
  reset.type = "reset";
  reset.className = "md-button";
  reset.textContent = "Clear filters";
  form.appendChild(reset);

  function apply(updateAddress) {
    var shown = 0;
    var params = new URLSearchParams();
    var phrases = [];
    Object.keys(selects).forEach(function (facet) {
      var select = selects[facet];
      if (!select.value) return;
      params.set(facet, select.value);
      phrases.push(select.options[select.selectedIndex].getAttribute("data-phrase"));
    });
    cases.forEach(function (item) {
      var match = true;
      params.forEach(function (value, facet) {
        var values = (item.getAttribute("data-" + facet) || "").split(" ");
        if (values.indexOf(value) === -1) match = false;
      });
      item.hidden = !match;
      if (match) shown += 1;
    });
    cases.slice().sort(sort.value === "title" ? byTitle : byNewest).forEach(function (item) {
      list.appendChild(item);
    });
    if (sort.value) params.set("sort", sort.value);
    if (count) {
      var noun = shown === 1 ? " case study" : " case studies";
      var what = phrases.length ? " " + phrases.join(", ") : "";
      var order = sort.value === "title" ? ", A to Z." : ", newest first.";
      count.textContent = "Showing " + (phrases.length ? "" : "all ") + shown + noun + what + order;
    }
    if (updateAddress) {
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  var initial = new URLSearchParams(location.search);
  Object.keys(selects).forEach(function (facet) {
    var wanted = initial.get(facet);
    var select = selects[facet];
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
  });
  if (initial.get("sort") === "title") sort.value = "title";
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });

  facets.hidden = true;
  facets.parentNode.insertBefore(form, facets);
  apply(false);
})();
