/* Upload progress for audio files, in the audio library and in the chooser's "Déposer" tab.
 * Episodes weigh tens of megabytes: editors must see the upload move, not a frozen button. */
(function () {
  "use strict";

  function progressFor(input) {
    let bar = input.parentNode.querySelector("progress[data-audio-upload-progress]");
    if (!bar) {
      bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.hidden = true;
      bar.setAttribute("data-audio-upload-progress", "");
      bar.setAttribute("aria-label", "Progression de l'envoi du fichier audio");
      bar.style.width = "100%";
      input.insertAdjacentElement("afterend", bar);
    }
    return bar;
  }

  function showProgress(event) {
    const input = document.querySelector("input[data-audio-upload]");
    if (!input || !event.lengthComputable) return;
    const bar = progressFor(input);
    bar.hidden = false;
    bar.value = Math.round((event.loaded / event.total) * 100);
    bar.textContent = bar.value + " %";
  }

  // The chooser modal posts with jQuery: give its requests an upload progress listener.
  if (window.jQuery) {
    window.jQuery.ajaxSetup({
      xhr: function () {
        const xhr = new window.XMLHttpRequest();
        xhr.upload.addEventListener("progress", showProgress);
        return xhr;
      },
    });
  }

  // The library's own "add" page is a plain form: post it through XHR to follow progress.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.hasAttribute("data-chooser-modal-creation-form")) return;
    const input = form.querySelector("input[data-audio-upload]");
    if (!input || !input.files.length) return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", showProgress);
    xhr.addEventListener("load", function () {
      if (xhr.responseURL && xhr.responseURL !== (form.action || window.location.href)) {
        window.location.assign(xhr.responseURL);
      } else {
        document.open();
        document.write(xhr.responseText);
        document.close();
      }
    });
    xhr.addEventListener("error", function () {
      window.alert("L'envoi a échoué : vérifiez votre connexion et réessayez.");
    });
    xhr.send(new FormData(form));
  });
})();
