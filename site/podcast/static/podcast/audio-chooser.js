/* The episode form's audio chooser: when the editor picks or uploads another file, the
 * player beside it plays that file (the chooser's state carries its address, see
 * podcast.views.AudioChosenMixin). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    const input = event.target;
    const chooser = input.id && document.getElementById(input.id + "-chooser");
    const player = chooser && chooser.querySelector("[data-audio-chooser-player] audio");
    if (!player) return;
    const state = chooser.widget && chooser.widget.getState();
    const url = state && state.url;
    if (url && player.getAttribute("src") !== url) {
      player.pause();
      player.setAttribute("src", url);
    } else if (!url) {
      player.removeAttribute("src");
    }
  });
})();
