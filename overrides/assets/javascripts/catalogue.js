/* Instant filtering for the case-study catalogue.
   Without JavaScript the facet links lead to a generated page per value; with it,
   the links become drop-down filters and the choice is kept in the address
   (?channel=webchats&theme=continuity) so it can be shared. */
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
      select.add(new Option(link.textContent.trim(), link.getAttribute("data-value")));
    });
    var field = document.createElement("div");
    field.className = "guide-filter__field";
    field.appendChild(label);
    field.appendChild(select);
    form.appendChild(field);
    selects[facet] = select;
  });

  var reset = document.createElement("button");
  reset.type = "reset";
  reset.className = "md-button";
  reset.textContent = "Clear filters";
  form.appendChild(reset);

  function apply(updateAddress) {
    var shown = 0;
    var params = new URLSearchParams();
    Object.keys(selects).forEach(function (facet) {
      if (selects[facet].value) params.set(facet, selects[facet].value);
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
    if (count) {
      count.textContent = "Showing " + shown + (shown === 1 ? " case study." : " case studies.");
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
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });

  facets.hidden = true;
  facets.parentNode.insertBefore(form, facets);
  apply(false);
})();
