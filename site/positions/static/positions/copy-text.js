/* "Copier le texte" buttons: shown only when the browser can copy; the text stays selectable. */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-text]").forEach(function (button) {
    const source = document.getElementById(button.dataset.copyText);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!source || !status || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.innerText.trim()).then(
        function () { status.textContent = "Texte copié : collez-le dans votre article."; },
        function () {
          window.getSelection().selectAllChildren(source);
          status.textContent = "Copie impossible : le texte est sélectionné, copiez-le avec Ctrl+C.";
        }
      );
    });
  });
})();
