// albumfaces review page: every change is a POST to /api/... with the page's CSRF token; the
// page then reloads to show the new state. Keys are listed under "?".
"use strict";

const csrf = document.querySelector('meta[name="csrf"]').content;
const TOAST_KEY = "albumfaces-toast";
const SCROLL_KEY = "albumfaces-scroll";
const VIEWS = { 1: "/", 2: "/is-this", 3: "/same", 4: "/unassigned" };

function toast(message, bad) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.className = bad ? "show bad" : "show";
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.className = ""; }, bad ? 8000 : 4000);
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(body || {}),
  });
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) {
    toast(data.error || "That did not work.", true);
    throw new Error(data.error);
  }
  return data;
}

// Make a decision, then show the page again (or ``next``) with what it did.
async function decide(url, body, next) {
  const data = await post(url, body);
  const said = Array.isArray(data)
    ? (data.length ? data.map((r) => r.summary).join("; ") : "Nothing to do.")
    : data.summary;
  const prefix = url.endsWith("/undo") ? "Undid: " : url.endsWith("/redo") ? "Redid: " : "";
  const sentence = prefix ? prefix + said : said.charAt(0).toUpperCase() + said.slice(1);
  sessionStorage.setItem(TOAST_KEY, sentence);
  if (next) {
    location.assign(next);
  } else {
    // the same page again: come back to where the person was, not to the top
    sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ path: location.pathname, y: scrollY }));
    location.reload();
  }
}

// The id of the person called `name`: from the page's type-ahead list, or (a big library's
// list holds only the first names) asked of the server.
async function personId(name, list = "#everyone") {
  const wanted = name.trim();
  for (const option of document.querySelectorAll(`${list} option, #everyone option`)) {
    if (option.value === wanted) return Number(option.dataset.id);
  }
  if (wanted) {
    const found = await fetch(`/api/people?ignored=1&name=${encodeURIComponent(wanted)}`)
      .then((r) => (r.ok ? r.json() : []));
    if (found.length) return found[0].id;
  }
  toast(`No person called "${wanted}".`, true);
  return null;
}

function typing(event) {
  const t = event.target;
  return t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable;
}

// Arrow keys move focus in a grid of equal tiles.
function moveFocus(items, key) {
  const list = Array.from(items);
  const at = list.indexOf(document.activeElement.closest(".card, .tile"));
  if (at < 0) { list[0] && focusItem(list[0]); return; }
  const top = list[0].offsetTop;
  const perRow = Math.max(1, list.filter((el) => el.offsetTop === top).length);
  const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -perRow, ArrowDown: perRow }[key];
  const next = list[Math.min(list.length - 1, Math.max(0, at + step))];
  focusItem(next);
}

function focusItem(el) {
  (el.matches(".card") ? el.querySelector(".open") : el).focus();
}

document.getElementById("undo").addEventListener("click", () => decide("/api/undo"));
document.getElementById("redo").addEventListener("click", () => decide("/api/redo"));
const help = document.getElementById("help");
document.getElementById("help-button").addEventListener("click", () => { help.hidden = !help.hidden; });
help.addEventListener("click", () => { help.hidden = true; });

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    help.hidden = true;
    if (typing(event)) event.target.blur();
    return;
  }
  if (typing(event) || event.altKey || event.metaKey) return;
  if (event.ctrlKey && event.key.toLowerCase() === "z") {
    event.preventDefault();
    decide(event.shiftKey ? "/api/redo" : "/api/undo");
  } else if (event.ctrlKey) {
    return;
  } else if (event.key === "u") {
    decide("/api/undo");
  } else if (event.key === "U") {
    decide("/api/redo");
  } else if (event.key === "?") {
    help.hidden = !help.hidden;
  } else if (VIEWS[event.key]) {
    location.assign(VIEWS[event.key]);
  } else if (!page || page.key(event) === false) {
    return;  // not ours: let the browser have it
  }
  event.preventDefault();
});

const scrolled = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
sessionStorage.removeItem(SCROLL_KEY);
if (scrolled && scrolled.path === location.pathname) window.scrollTo(0, scrolled.y);

const said = sessionStorage.getItem(TOAST_KEY);
if (said) { sessionStorage.removeItem(TOAST_KEY); toast(said); }

let page = null;
if (document.querySelector(".suggestions")) page = suggestionsPage();
else if (document.querySelector(".unassigned")) page = unassignedPage();
else if (document.querySelector(".person")) page = personPage();
else if (document.querySelector(".photo-view")) page = photoPage();
else if (document.querySelector(".cards")) page = peoplePage();

function peoplePage() {
  const cards = () => document.querySelectorAll(".card:not([hidden])");
  const search = document.getElementById("search");
  search.addEventListener("input", () => {
    const q = search.value.trim().toLowerCase();
    document.querySelectorAll(".card").forEach((c) => { c.hidden = q && !c.dataset.name.includes(q); });
  });
  document.getElementById("show-ignored").addEventListener("change", (e) => {
    location.search = e.target.checked ? "?ignored=1" : "";
  });
  function rename(card) {
    const form = card.querySelector(".rename");
    form.hidden = false;
    card.querySelector(".name").hidden = true;
    const input = form.querySelector("input");
    input.focus();
    input.select();
    input.addEventListener("blur", () => { form.hidden = true; card.querySelector(".name").hidden = false; }, { once: true });
  }
  document.querySelectorAll(".card").forEach((card) => {
    card.querySelector(".name").addEventListener("click", () => rename(card));
    card.querySelector(".rename").addEventListener("submit", (e) => {
      e.preventDefault();
      const name = e.target.name.value.trim();
      if (name) decide(`/api/people/${card.dataset.person}/name`, { name });
    });
  });
  return {
    key(event) {
      if (event.key.startsWith("Arrow")) moveFocus(cards(), event.key);
      else if (event.key === "/") search.focus();
      else if (event.key === "n") {
        const card = document.activeElement.closest(".card") || cards()[0];
        if (card) rename(card);
      } else return false;
    },
  };
}

// A grid of face tiles to select (click, Shift+click, Space, a) and page through.
function faceGrid(section, moreUrl, withMeta) {
  const grid = document.getElementById("faces");
  const tiles = () => grid.querySelectorAll(".tile");
  let anchor = null;
  const grid_ = {
    tiles,
    selected() {
      return Array.from(grid.querySelectorAll(".tile.selected")).map((t) => Number(t.dataset.face));
    },
    need() {
      const faces = grid_.selected();
      if (!faces.length) toast("Select faces first (click, Space, or a for all).", true);
      return faces.length ? faces : null;
    },
    showCount() {
      document.getElementById("selected").textContent = `${grid_.selected().length} selected`;
    },
    toggle(tile, range) {
      const list = Array.from(tiles());
      if (range && anchor) {
        const [a, b] = [list.indexOf(anchor), list.indexOf(tile)].sort((x, y) => x - y);
        list.slice(a, b + 1).forEach((t) => t.classList.add("selected"));
      } else {
        tile.classList.toggle("selected");
        anchor = tile;
      }
      grid_.showCount();
    },
    // Space and Enter on a focused face are the button's own click: they toggle it.
    key(event) {
      const tile = document.activeElement.closest(".tile");
      if (event.key.startsWith("Arrow")) moveFocus(tiles(), event.key);
      else if (event.key === "a") { tiles().forEach((t) => t.classList.add("selected")); grid_.showCount(); }
      else if (event.key === "A") { tiles().forEach((t) => t.classList.remove("selected")); grid_.showCount(); }
      else if (event.key === "p" && tile) location.assign(`/photos/${tile.dataset.photo}`);
      else return false;
    },
  };
  grid.addEventListener("click", (e) => {
    const tile = e.target.closest(".tile");
    if (tile) grid_.toggle(tile, e.shiftKey);
  });
  const more = document.getElementById("more");
  if (more) more.addEventListener("click", async () => {
    const response = await fetch(moreUrl(section.dataset.next));
    const data = await response.json();
    for (const f of data.faces) grid.append(faceTile(f, withMeta));
    section.dataset.next = data.next_offset ?? "";
    if (data.next_offset === null) more.remove();
    else more.textContent = `Show more faces (${data.total - data.next_offset} left)`;
  });
  return grid_;
}

function faceTile(f, withMeta) {
  const tile = document.createElement("button");
  tile.type = "button";
  tile.className = "tile";
  tile.dataset.face = f.id;
  // a face of a video opens the frame it was seen in
  tile.dataset.photo = f.photo + (f.time === null || f.time === undefined ? "" : `?time=${f.time.toFixed(3)}`);
  tile.title = `face ${f.id} (p: its photo)`;
  const img = document.createElement("img");
  Object.assign(img, { src: `/api/faces/${f.id}/crop?size=160`, width: 128, height: 128, alt: `face ${f.id}`, loading: "lazy" });
  tile.append(img);
  if (withMeta) {
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = f.source + (f.distance === null ? "" : ` ${f.distance.toFixed(2)}`);
    tile.append(meta);
  }
  return tile;
}

function onSubmit(id, handler) {
  document.getElementById(id).addEventListener("submit", (e) => { e.preventDefault(); handler(); });
}

function personPage() {
  const section = document.querySelector(".person");
  const person = Number(section.dataset.person);
  const grid = faceGrid(section, (next) => `/api/people/${person}/faces?offset=${next}`, true);
  // Merge candidates, closest first, arrive after the page shows (they need every face).
  fetch(`/api/people/${person}/merge-candidates`).then((r) => r.json()).then((ranked) => {
    const list = document.getElementById("candidates");
    for (const p of ranked) {
      const option = document.createElement("option");
      option.value = p.name;
      option.dataset.id = p.id;
      list.append(option);
    }
  });
  onSubmit("rename", () => {
    const name = document.getElementById("person-name").value.trim();
    if (name) decide(`/api/people/${person}/name`, { name });
  });
  onSubmit("merge", async () => {
    const into = await personId(document.getElementById("merge-into").value, "#candidates");
    if (into !== null) decide(`/api/people/${person}/merge`, { into }, `/people/${into}`);
  });
  onSubmit("move", async () => {
    const faces = grid.need();
    const to = faces && await personId(document.getElementById("move-to").value);
    if (to !== null && faces) decide("/api/faces/move", { faces, person: to });
  });
  onSubmit("split", () => {
    const faces = grid.need();
    const name = document.getElementById("split-name").value.trim();
    if (faces) decide(`/api/people/${person}/split`, { faces, name: name || null });
  });
  const reject = () => { const faces = grid.need(); if (faces) decide("/api/faces/reject", { faces }); };
  document.getElementById("reject").addEventListener("click", reject);
  const cover = () => {
    const tile = document.activeElement.closest(".tile") || document.querySelector(".tile.selected");
    if (!tile) { toast("Focus or select the face to use as cover.", true); return; }
    decide(`/api/people/${person}/cover`, { face: Number(tile.dataset.face) });
  };
  document.getElementById("cover").addEventListener("click", cover);
  const ignoreButton = document.getElementById("ignore");
  const ignore = () => decide(`/api/people/${person}/ignore`, { ignored: ignoreButton.dataset.ignored !== "true" });
  ignoreButton.addEventListener("click", ignore);
  const focus = (id) => () => document.getElementById(id).focus();
  const keys = { r: reject, m: focus("move-to"), s: focus("split-name"), e: focus("person-name"), g: focus("merge-into"), c: cover, i: ignore };
  return {
    key(event) {
      if (grid.key(event) !== false) return;
      if (keys[event.key]) keys[event.key]();
      else return false;
    },
  };
}

function unassignedPage() {
  const section = document.querySelector(".unassigned");
  const grid = faceGrid(section, (next) => `/api/unassigned?offset=${next}`, false);
  onSubmit("new-person", () => {
    const faces = grid.need();
    const name = document.getElementById("new-name").value.trim();
    if (faces) decide("/api/faces/new-person", { faces, name: name || null });
  });
  onSubmit("move", async () => {
    const faces = grid.need();
    const to = faces && await personId(document.getElementById("move-to").value);
    if (to !== null && faces) decide("/api/faces/move", { faces, person: to });
  });
  return {
    key(event) {
      if (grid.key(event) !== false) return;
      if (event.key === "n") document.getElementById("new-name").focus();
      else if (event.key === "m") document.getElementById("move-to").focus();
      else return false;
    },
  };
}

// "Is this …?" and "Same person?": one question a row, y answers yes and n no.
function suggestionsPage() {
  const kind = document.querySelector(".suggestions").dataset.kind;
  const rows = () => Array.from(document.querySelectorAll(".suggestion"));
  function answer(row, yes) {
    const d = row.dataset;
    if (kind === "faces") {
      const body = { faces: [Number(d.face)], person: Number(d.person) };
      decide(yes ? "/api/faces/move" : "/api/faces/reject", body);
    } else if (yes) {
      decide(`/api/people/${d.other}/merge`, { into: Number(d.keep) });
    } else {
      decide("/api/different", { people: [Number(d.keep), Number(d.other)] });
    }
  }
  rows().forEach((row) => {
    row.querySelector(".yes").addEventListener("click", () => answer(row, true));
    row.querySelector(".no").addEventListener("click", () => answer(row, false));
  });
  if (rows().length) rows()[0].focus();
  function step(by) {
    const list = rows();
    const at = list.indexOf(document.activeElement.closest(".suggestion"));
    const next = list[Math.min(list.length - 1, Math.max(0, at + by))];
    if (next) next.focus();
  }
  return {
    key(event) {
      const row = document.activeElement.closest(".suggestion") || rows()[0];
      if (event.key === "ArrowDown" || event.key === "j") step(1);
      else if (event.key === "ArrowUp" || event.key === "k") step(-1);
      else if ((event.key === "y" || event.key === "n") && row) answer(row, event.key === "y");
      else return false;
    },
  };
}

function photoPage() {
  document.querySelectorAll(".box").forEach((box) => {
    box.addEventListener("click", (e) => {
      e.preventDefault();
      const row = document.getElementById(`face-${box.dataset.face}`);
      row.scrollIntoView({ block: "nearest" });
      row.querySelector("input").focus();
    });
  });
  document.querySelectorAll(".faces-in-photo tr").forEach((row) => {
    const face = Number(row.dataset.face);
    row.querySelector(".move-one").addEventListener("submit", async (e) => {
      e.preventDefault();
      const to = await personId(row.querySelector("input").value);
      if (to !== null) decide("/api/faces/move", { faces: [face], person: to });
    });
    const reject = row.querySelector(".reject-one");
    if (reject) reject.addEventListener("click", () => decide("/api/faces/reject", { faces: [face] }));
  });
  return { key() { return false; } };
}
