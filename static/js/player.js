/* Chapter and transcript links seek the episode's native <audio> player (no third party). */
(function () {
  "use strict";
  function seek(seconds) {
    const audio = document.getElementById("lecteur");
    if (!audio || Number.isNaN(seconds)) return false;
    audio.currentTime = seconds;
    audio.play().catch(function () {});
    audio.focus();
    return true;
  }
  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-seek]");
    if (link && seek(parseFloat(link.dataset.seek))) event.preventDefault();
  });
  const fromHash = /^#t=(\d+)$/.exec(window.location.hash);
  if (fromHash) seek(parseInt(fromHash[1], 10));
})();
