// Today's date line in the masthead (partials/header.html), in the site's zone, as the build
// writes date lines: the pattern and the weekday names come from Python (bulletin.text.dates).
(() => {
  const line = document.querySelector("[data-bulletin-today]");
  if (!line) return;
  const order = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const names = line.dataset.weekdays.split("|");
  let parts;
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: line.dataset.zone,
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
    }).formatToParts(new Date());
  } catch {
    return; // a browser without the zone: no date line rather than a wrong one
  }
  const part = (type) => parts.find((found) => found.type === type).value;
  const values = {
    weekday: names[order.indexOf(part("weekday"))],
    day: Number(part("day")),
    month: Number(part("month")),
    year: Number(part("year")),
  };
  line.textContent = line.dataset.pattern.replace(/\{(\w+)\}/g, (_, key) => values[key]);
})();
