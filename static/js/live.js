// Live pages, from data- attributes (load with defer after portal.js; nothing is written into the page):
//   <div data-live-events="/dai-hoi/3/su-kien/">   opens one EventSource per stream address
//   <section id="x" data-live-topics="agenda vote">  a live region: when one of its topics arrives, the page
//       (or data-live-src) is fetched with the header X-Live: 1 and the region takes the inner HTML of the
//       element with the same id there. Regions belong to the stream they are inside (or are); when the page
//       has one stream, every region of the page belongs to it.
//       data-live-jitter="1500"  waits a random 0..1500 ms first, so a hall of phones does not ask at once
//       Regions of one address are fetched together: one request however many of them a change touched.
//   <body data-live-state="open|reconnecting">      set here, for the CSS's "connection lost" badge
//   <span data-countdown-end="ISO" data-server-now="ISO">  mm:ss left (-mm:ss and class "over" past the end),
//       corrected for the difference between this device's clock and the server's
//   <span data-clock="ISO with offset">  HH:MM, kept going, in the server's time and time zone
// After a region is replaced, window.portal.place() draws its bars and the region gets a "live:updated" event.
(function () {
  "use strict";

  // If the connection does not come back within this time, the page says it is lost.
  var LOST_AFTER_MS = 3000;
  var RETRY_CLOSED_MS = 5000;

  function topicsOf(region) {
    return (region.getAttribute("data-live-topics") || "").split(/\s+/).filter(Boolean);
  }

  function swap(region, page) {
    var fresh = page.getElementById(region.id);
    if (!fresh) return;
    region.innerHTML = fresh.innerHTML;
    region.dispatchEvent(new CustomEvent("live:updated", { bubbles: true }));
  }

  function jitterOf(regions) {
    return regions.reduce(function (most, region) {
      return Math.max(most, parseInt(region.getAttribute("data-live-jitter"), 10) || 0);
    }, 0);
  }

  // Regions are fetched by address: one request serves every region of a page that a burst of topics touched.
  // One request at a time per address; regions touched while it runs are fetched once more after it.
  var loads = {};

  function refresh(regions) {
    regions.forEach(function (region) {
      var src = region.getAttribute("data-live-src") || window.location.href;
      var load = loads[src] || (loads[src] = { busy: false, waiting: false, queued: [], next: [] });
      var list = load.busy ? load.next : load.queued;
      if (list.indexOf(region) < 0) list.push(region);
      if (!load.busy && !load.waiting) schedule(src, load);
    });
  }

  function schedule(src, load) {
    var jitter = jitterOf(load.queued);
    load.waiting = true;
    window.setTimeout(function () {
      var regions = load.queued;
      load.queued = [];
      load.waiting = false;
      load.busy = true;
      fetch(src, { headers: { "X-Live": "1" }, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          regions.forEach(function (region) {
            swap(region, page);
          });
          if (window.portal && window.portal.place) window.portal.place();
          tick();
        })
        .catch(function () {
          // The next event, or the reconnection, tries again.
        })
        .then(function () {
          load.busy = false;
          if (load.next.length) {
            load.queued = load.next;
            load.next = [];
            schedule(src, load);
          }
        });
    }, jitter > 0 ? Math.random() * jitter : 0);
  }

  var lostStreams = 0;
  function showState() {
    document.body.setAttribute("data-live-state", lostStreams > 0 ? "reconnecting" : "open");
  }

  function connect(url, regions) {
    var topics = [];
    regions.forEach(function (region) {
      topicsOf(region).forEach(function (topic) {
        if (topics.indexOf(topic) < 0) topics.push(topic);
      });
    });
    var failed = false;
    var lost = false;
    var lostTimer = null;

    function open() {
      // The stream sends only the topics this page's regions follow.
      var source = new EventSource(url + (url.indexOf("?") < 0 ? "?" : "&") + "topics=" + topics.join(","));
      topics.forEach(function (topic) {
        source.addEventListener(topic, function () {
          refresh(
            regions.filter(function (region) {
              return topicsOf(region).indexOf(topic) >= 0;
            })
          );
        });
      });
      source.addEventListener("open", function () {
        window.clearTimeout(lostTimer);
        lostTimer = null;
        if (lost) {
          lost = false;
          lostStreams -= 1;
        }
        showState();
        // Back after a break (or the server's end of a stream): what happened meanwhile is fetched once.
        if (failed) {
          failed = false;
          refresh(regions);
        }
      });
      source.addEventListener("error", function () {
        failed = true;
        if (!lost && lostTimer === null) {
          lostTimer = window.setTimeout(function () {
            lostTimer = null;
            lost = true;
            lostStreams += 1;
            showState();
          }, LOST_AFTER_MS);
        }
        // The browser gives up on an answer that is not a stream (a sign-out, a server error): try later.
        if (source.readyState === EventSource.CLOSED) window.setTimeout(open, RETRY_CLOSED_MS);
      });
    }
    open();
  }

  function start() {
    var streams = Array.prototype.slice.call(document.querySelectorAll("[data-live-events]"));
    var regions = Array.prototype.slice.call(document.querySelectorAll("[data-live-topics]"));
    var urls = [];
    streams.forEach(function (element) {
      var url = element.getAttribute("data-live-events");
      if (urls.indexOf(url) < 0) urls.push(url);
    });
    urls.forEach(function (url) {
      var mine = regions.filter(function (region) {
        if (urls.length === 1) return true;
        var owner = region.closest("[data-live-events]");
        return owner !== null && owner.getAttribute("data-live-events") === url;
      });
      connect(url, mine);
    });
    tick();
    window.setInterval(tick, 250);
  }

  // --- Countdowns --------------------------------------------------------------------------------------------

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function tick() {
    document.querySelectorAll("[data-countdown-end]").forEach(function (element) {
      var end = Date.parse(element.getAttribute("data-countdown-end"));
      if (isNaN(end)) return;
      if (element.liveSkew === undefined) {
        var serverNow = Date.parse(element.getAttribute("data-server-now"));
        element.liveSkew = isNaN(serverNow) ? 0 : serverNow - Date.now();
      }
      var left = end - (Date.now() + element.liveSkew);
      var over = left <= 0;
      var seconds = over ? Math.floor(-left / 1000) : Math.ceil(left / 1000);
      var text = (over ? "-" : "") + pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
      if (element.textContent !== text) element.textContent = text;
      element.classList.toggle("over", over);
    });
    // A wall clock in the server's time and time zone (the projector's corner), whatever the device says.
    document.querySelectorAll("[data-clock]").forEach(function (element) {
      var stamp = element.getAttribute("data-clock");
      var serverNow = Date.parse(stamp);
      if (isNaN(serverNow)) return;
      if (element.liveSkew === undefined) element.liveSkew = serverNow - Date.now();
      var zone = /([+-])(\d{2}):(\d{2})$/.exec(stamp);
      var offset = zone ? (zone[1] === "-" ? -1 : 1) * (parseInt(zone[2], 10) * 60 + parseInt(zone[3], 10)) : 0;
      var there = new Date(Date.now() + element.liveSkew + offset * 60000);
      var text = pad(there.getUTCHours()) + ":" + pad(there.getUTCMinutes());
      if (element.textContent !== text) element.textContent = text;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
