/* "Copier l'adresse" for the feed URL: shown only when the browser can copy (no third party). */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    const field = document.getElementById(button.dataset.copy);
    const status = button.closest(".subscribe").querySelector(".subscribe__status");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = "Adresse copiée : collez-la dans votre application."; },
        function () {
          field.select();
          status.textContent = "Copie impossible : l'adresse est sélectionnée, copiez-la avec Ctrl+C.";
        }
      );
    });
  });
  document.querySelectorAll(".subscribe__url").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();
