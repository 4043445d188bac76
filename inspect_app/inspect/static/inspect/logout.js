/* Logging out with one's own answers, photos or findings still waiting on this phone asks first:
   they stay here, and go only when the same inspector logs in on this phone again. */
(function () {
  "use strict";
  var Q = window.InspectQueue, form = document.querySelector('form[action$="/auth/logout"]');
  if (!Q || !form) return;
  var button = form.querySelector("button");

  function leave() { form.dataset.asked = "yes"; form.requestSubmit(button); }

  button.addEventListener("click", function (event) {
    if (form.dataset.asked === "yes") return;
    event.preventDefault();
    Q.ownWaiting().then(function (n) {
      if (!n || window.confirm("本机还有您的 " + n + " 项答案、照片或问题尚未发送。退出后它们仍保存在本机，"
                               + "要等您下次在本机登录后才会发送。确定退出吗？")) leave();
    }, leave);  // no queue on this device (or it cannot be read): log out as asked
  });
})();
