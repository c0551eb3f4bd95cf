/*
 * A small, dependency-free Jalali (Solar Hijri) date picker, served by the portal itself.
 *
 * Attaches to every <input class="jalali-date"> (also ones added later, e.g. admin
 * inline rows): focusing the input, or pressing Alt+ArrowDown in it, opens a month
 * calendar; choosing a day writes YYYY/MM/DD. On pages with <html lang="fa"> month
 * names, weekdays and digits are Persian. The input keeps accepting typed dates in any
 * digits; the server parses them (reform_portal.forms.JalaliDateField).
 *
 * Calendar arithmetic: the jalaali-js algorithm (Borkowski), MIT licence.
 */
(function () {
  "use strict";

  // --- calendar arithmetic -------------------------------------------------------
  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
    2324, 2394, 2456, 3178];

  function div(a, b) { return ~~(a / b); }
  function mod(a, b) { return a - ~~(a / b) * b; }

  function jalCal(jy) {
    var gy = jy + 621, leapJ = -14, jp = BREAKS[0], jm, jump = 0, leap, leapG, march, n, i;
    if (jy < jp || jy >= BREAKS[BREAKS.length - 1]) { throw new Error("year out of range"); }
    for (i = 1; i < BREAKS.length; i += 1) {
      jm = BREAKS[i];
      jump = jm - jp;
      if (jy < jm) { break; }
      leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) { leapJ += 1; }
    leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    march = 20 + leapJ - leapG;
    if (jump - n < 6) { n = n - jump + div(jump + 4, 33) * 33; }
    leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) { leap = 4; }
    return { leap: leap, gy: gy, march: march };
  }

  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }

  function d2g(jdn) {
    var j = 4 * jdn + 139361631, i, gd, gm, gy;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    i = div(mod(j, 1461), 4) * 5 + 308;
    gd = div(mod(i, 153), 5) + 1;
    gm = mod(div(i, 153), 12) + 1;
    gy = div(j, 1461) - 100100 + div(8 - gm, 6);
    return { gy: gy, gm: gm, gd: gd };
  }

  function j2d(jy, jm, jd) {
    var r = jalCal(jy);
    return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  }

  function d2j(jdn) {
    var gy = d2g(jdn).gy, jy = gy - 621, r = jalCal(jy), k = jdn - g2d(gy, 3, r.march);
    if (k >= 0) {
      if (k <= 185) { return { jy: jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 }; }
      k -= 186;
    } else {
      jy -= 1;
      k += 179;
      if (r.leap === 1) { k += 1; }
    }
    return { jy: jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
  }

  function monthLength(jy, jm) {
    if (jm <= 6) { return 31; }
    if (jm <= 11) { return 30; }
    return jalCal(jy).leap === 0 ? 30 : 29;
  }

  function todayJalali() {
    var now = new Date();
    return d2j(g2d(now.getFullYear(), now.getMonth() + 1, now.getDate()));
  }

  // Saturday is the first day of the Persian week: 0 = Saturday … 6 = Friday.
  function weekdayOf(jy, jm, jd) {
    var g = d2g(j2d(jy, jm, jd));
    return (new Date(g.gy, g.gm - 1, g.gd).getDay() + 1) % 7;
  }

  // --- language ------------------------------------------------------------------
  var FA = {
    months: ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"],
    weekdays: ["ش", "ی", "د", "س", "چ", "پ", "ج"],
    today: "امروز", close: "بستن", previous: "ماه قبل", next: "ماه بعد", dir: "rtl"
  };
  var EN = {
    months: ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey",
      "Bahman", "Esfand"],
    weekdays: ["Sa", "Su", "Mo", "Tu", "We", "Th", "Fr"],
    today: "Today", close: "Close", previous: "Previous month", next: "Next month", dir: "ltr"
  };

  function isPersian() { return (document.documentElement.lang || "").toLowerCase().indexOf("fa") === 0; }
  function texts() { return isPersian() ? FA : EN; }

  function localDigits(value) {
    var text = String(value);
    return isPersian() ? text.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹".charAt(+d); }) : text;
  }

  function latinDigits(value) {
    return String(value || "")
      .replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) { text = "0" + text; }
    return text;
  }

  function format(jy, jm, jd) { return localDigits(pad(jy, 4) + "/" + pad(jm, 2) + "/" + pad(jd, 2)); }

  function parse(value) {
    var match = /^\s*(\d{4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})\s*$/.exec(latinDigits(value));
    if (!match) { return null; }
    var jy = +match[1], jm = +match[2], jd = +match[3];
    // The server's range (reform_portal.persian.JALALI_YEAR_MIN/MAX): a Gregorian 2026-03-21
    // typed in the input opens the calendar on today, not on the Jalali year 2026.
    if (jy < 1300 || jy > 1500) { return null; }
    if (jm < 1 || jm > 12 || jd < 1 || jd > monthLength(jy, jm)) { return null; }
    return { jy: jy, jm: jm, jd: jd };
  }

  // --- the picker ----------------------------------------------------------------
  var popup = null, input = null, shown = null;

  function button(className, label, onClick, ariaLabel) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    if (ariaLabel) { element.setAttribute("aria-label", ariaLabel); }
    element.addEventListener("click", function (event) { event.preventDefault(); onClick(); });
    return element;
  }

  function choose(jy, jm, jd) {
    input.value = format(jy, jm, jd);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    close(true);
  }

  function move(months) {
    var index = shown.jy * 12 + (shown.jm - 1) + months;
    shown = { jy: Math.floor(index / 12), jm: (index % 12) + 1 };
    render();
  }

  function render() {
    var t = texts(), today = todayJalali(), selected = parse(input.value), grid, head, foot, i, day, cell;
    popup.textContent = "";
    popup.setAttribute("dir", t.dir);

    head = document.createElement("div");
    head.className = "jdp-head";
    head.appendChild(button("jdp-prev", t.dir === "rtl" ? "›" : "‹", function () { move(-1); }, t.previous));
    var title = document.createElement("span");
    title.className = "jdp-title";
    title.setAttribute("aria-live", "polite");
    title.textContent = t.months[shown.jm - 1] + " " + localDigits(shown.jy);
    head.appendChild(title);
    head.appendChild(button("jdp-next", t.dir === "rtl" ? "‹" : "›", function () { move(1); }, t.next));
    popup.appendChild(head);

    grid = document.createElement("div");
    grid.className = "jdp-grid";
    for (i = 0; i < 7; i += 1) {
      cell = document.createElement("span");
      cell.className = "jdp-weekday";
      cell.textContent = t.weekdays[i];
      grid.appendChild(cell);
    }
    for (i = weekdayOf(shown.jy, shown.jm, 1); i > 0; i -= 1) { grid.appendChild(document.createElement("span")); }
    for (day = 1; day <= monthLength(shown.jy, shown.jm); day += 1) {
      cell = button("jdp-day", localDigits(day), choose.bind(null, shown.jy, shown.jm, day),
        format(shown.jy, shown.jm, day));
      if (today.jy === shown.jy && today.jm === shown.jm && today.jd === day) { cell.className += " jdp-today"; }
      if (selected && selected.jy === shown.jy && selected.jm === shown.jm && selected.jd === day) {
        cell.className += " jdp-selected";
        cell.setAttribute("aria-current", "date");
      }
      grid.appendChild(cell);
    }
    popup.appendChild(grid);

    foot = document.createElement("div");
    foot.className = "jdp-foot";
    foot.appendChild(button("jdp-today-button", t.today, function () { choose(today.jy, today.jm, today.jd); }));
    foot.appendChild(button("jdp-close", t.close, function () { close(true); }));
    popup.appendChild(foot);
  }

  function place() {
    var rect = input.getBoundingClientRect(), width = popup.offsetWidth;
    var left = texts().dir === "rtl" ? rect.right - width : rect.left;
    left = Math.max(4, Math.min(left, document.documentElement.clientWidth - width - 4));
    popup.style.top = (rect.bottom + window.scrollY + 2) + "px";
    popup.style.left = (left + window.scrollX) + "px";
  }

  function open(target) {
    if (!popup) {
      popup = document.createElement("div");
      popup.className = "jdp";
      popup.hidden = true;
      popup.setAttribute("role", "dialog");
      popup.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { close(true); }
      });
      popup.addEventListener("mousedown", function (event) { event.preventDefault(); });
      document.body.appendChild(popup);
    }
    input = target;
    var value = parse(input.value) || todayJalali();
    shown = { jy: value.jy, jm: value.jm };
    render();
    popup.hidden = false;
    place();
  }

  function close(refocus) {
    if (!popup || popup.hidden) { return; }
    popup.hidden = true;
    if (refocus && input) { input.focus({ preventScroll: true }); }
  }

  function isDateInput(element) {
    return element && element.tagName === "INPUT" && element.classList.contains("jalali-date") && !element.readOnly &&
      !element.disabled;
  }

  document.addEventListener("focusin", function (event) {
    if (isDateInput(event.target)) {
      if (event.target !== input || !popup || popup.hidden) { open(event.target); }
    } else if (popup && !popup.hidden && !popup.contains(event.target)) {
      close(false);
    }
  });
  document.addEventListener("mousedown", function (event) {
    if (popup && !popup.hidden && !popup.contains(event.target) && event.target !== input) { close(false); }
  });
  document.addEventListener("keydown", function (event) {
    if (!isDateInput(event.target)) { return; }
    if (event.key === "Escape") {
      close(false);
    } else if (event.key === "ArrowDown" && event.altKey) {
      event.preventDefault();
      open(event.target);
      var first = popup.querySelector(".jdp-selected, .jdp-today, .jdp-day");
      if (first) { first.focus(); }
    } else if (event.key === "Tab" && popup && !popup.hidden && !event.shiftKey) {
      close(false);
    }
  });
  window.addEventListener("resize", function () { if (popup && !popup.hidden) { place(); } });

  // Exposed for tests and for anyone who needs the arithmetic.
  window.jalaliDatepicker = {
    toJalali: function (gy, gm, gd) { return d2j(g2d(gy, gm, gd)); },
    toGregorian: function (jy, jm, jd) { return d2g(j2d(jy, jm, jd)); },
    monthLength: monthLength,
    parse: parse
  };
})();
