/* The header's menu button on a phone. Without JavaScript the whole header shows (it reflows to
   fit); with it, below 40rem the navigation, language switch, search and account links fold
   behind one button, so the page itself starts in the first screen. Loaded from our own origin
   (the Content-Security-Policy allows no inline script). */
(function () {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".site-header__toggle");
    var menu = header && document.getElementById("site-menu");
    if (!button || !menu) {
        return;
    }
    header.classList.add("site-header--js");
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        menu.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
            button.setAttribute("aria-expanded", "false");
            menu.classList.remove("is-open");
            button.focus();
        }
    });
})();
