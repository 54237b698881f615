// The admin's autocomplete boxes (select2) replace a labelled <select> with a combobox named by its
// own empty text: name the combobox and its text box by the select's <label> instead.
(function () {
  "use strict";
  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container) return;
      label.id = label.id || select.id + "-label";
      container.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (box) {
        var labelledBy = [label.id];
        if (box.getAttribute("role") === "combobox" && box.querySelector("[role=textbox]")) {
          labelledBy.push(box.querySelector("[role=textbox]").id);
        }
        box.setAttribute("aria-labelledby", labelledBy.join(" "));
      });
    });
  }
  // select2 draws its boxes when jQuery is ready, and again for each inline row added: name them
  // whenever elements are added to the page.
  nameComboboxes();
  new MutationObserver(nameComboboxes).observe(document.body, { childList: true, subtree: true });
})();
