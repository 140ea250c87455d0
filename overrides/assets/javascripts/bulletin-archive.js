// The archive's date picker: jump to the page of the chosen day, or say it has no articles.
// Without JavaScript the form stays hidden and the month lists do the work.
(function () {
  "use strict";
  var form = document.querySelector(".bulletin-datepicker");
  if (!form) return;
  var days = JSON.parse(form.getAttribute("data-days"));
  var input = form.querySelector("input[type=date]");
  var message = form.querySelector(".bulletin-datepicker__message");
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var day = input.value;
    if (days[day]) {
      window.location.href = days[day];
    } else if (day) {
      var parts = day.split("-");
      var shown = Number(parts[2]) + "/" + Number(parts[1]) + "/" + parts[0];
      message.textContent = form.getAttribute("data-no-articles").replace("{day}", shown);
    }
  });
  input.addEventListener("change", function () { message.textContent = ""; });
})();
