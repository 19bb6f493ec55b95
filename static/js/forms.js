/* After a server-side error the error summary (templates/includes/forms/error_summary.html) takes
   the focus, so a screen reader reads it and a keyboard user starts there; its links move to the
   field. Without JavaScript the summary is still the first thing in the form. Loaded from our own
   origin (the Content-Security-Policy allows no inline script). */
(function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
        var field = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!field) {
            return;
        }
        event.preventDefault();
        var group = field.closest("fieldset") || field.closest(".form-field");
        (group || field).scrollIntoView();
        field.focus();
    });
})();
