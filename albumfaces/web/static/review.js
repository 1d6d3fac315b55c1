// albumfaces review page: every change is a POST to /api/... with the page's CSRF token; the
// page then shows the new state (a question page brings in its next question in place; the
// others load again). Each page says what it is in <body data-page>. Keys are listed under "?".
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

// What a decision (or an undo's list of them) did, as the server says it.
function said(url, data) {
  if (!Array.isArray(data)) return data.sentence;
  const prefix = url.endsWith("/undo") ? "Undid: " : "Redid: ";
  return data.length ? prefix + data.map((r) => r.summary).join("; ") : "Nothing to do.";
}

// Make a decision, then show the page again (or ``next``) with what it did.
async function decide(url, body, next) {
  const data = await post(url, body);
  sessionStorage.setItem(TOAST_KEY, said(url, data));
  if (typeof next === "function") next = next(data);
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

const waiting = sessionStorage.getItem(TOAST_KEY);
if (waiting) { sessionStorage.removeItem(TOAST_KEY); toast(waiting); }

const PAGES = {
  people: () => peoplePage(),
  person: () => personPage(),
  unassigned: () => unassignedPage(),
  suggestions: () => suggestionsPage(),
  photo: () => photoPage(),
  together: () => togetherPage(),
};

// The page of the photos people share: /together?with=ID&with=ID[&only=1].
function togetherUrl(people, only) {
  const query = people.map((id) => `with=${id}`).join("&");
  return `/together?${query}${only ? "&only=1" : ""}`;
}
const page = (PAGES[document.body.dataset.page] || (() => null))();

// Every "Move to…" field: the faces it moves, to the person typed (as every front end
// looks people up).
function onMove(form, faces) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = faces();
    const to = chosen && await personId(form.querySelector("input").value);
    if (to !== null && chosen) decide("/api/faces/move", { faces: chosen, person: to });
  });
}

// A name field: a new name names the person, another person's name merges into them
// (then their page is shown), as the CLI's `name` prompt does.
function nameOrMerge(person, name) {
  decide(`/api/people/${person}/name`, { name, merge_if_taken: true },
    (d) => (d.person_id !== person && location.pathname !== "/" ? `/people/${d.person_id}` : null));
}

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
      if (name) nameOrMerge(Number(card.dataset.person), name);
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
function faceGrid(section, moreUrl) {
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
  // more tiles, made on the server by the template that made the first ones
  if (more) more.addEventListener("click", async () => {
    const response = await fetch(moreUrl(section.dataset.next));
    if (!response.ok) { toast("Could not load more faces.", true); return; }
    grid.insertAdjacentHTML("beforeend", await response.text());
    const next = response.headers.get("X-Next-Offset");
    section.dataset.next = next;
    if (!next) more.remove();
    else more.textContent = `Show more faces (${Number(section.dataset.total) - Number(next)} left)`;
  });
  return grid_;
}

function onSubmit(id, handler) {
  document.getElementById(id).addEventListener("submit", (e) => { e.preventDefault(); handler(); });
}

function personPage() {
  const section = document.querySelector(".person");
  const person = Number(section.dataset.person);
  const grid = faceGrid(section, (next) => `/people/${person}/tiles?offset=${next}`);
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
    if (name) nameOrMerge(person, name);
  });
  onSubmit("merge", async () => {
    const into = await personId(document.getElementById("merge-into").value, "#candidates");
    if (into !== null) decide(`/api/people/${person}/merge`, { into }, `/people/${into}`);
  });
  onMove(document.getElementById("move"), grid.need);
  onSubmit("split", () => {
    const faces = grid.need();
    const name = document.getElementById("split-name").value.trim();
    if (faces) decide(`/api/people/${person}/split`, { faces, name: name || null });
  });
  const reject = () => { const faces = grid.need(); if (faces) decide("/api/faces/reject", { faces }); };
  document.getElementById("reject").addEventListener("click", reject);
  const notFace = () => { const faces = grid.need(); if (faces) decide("/api/faces/not-a-face", { faces }); };
  document.getElementById("not-a-face").addEventListener("click", notFace);
  const cover = () => {
    const tile = document.activeElement.closest(".tile") || document.querySelector(".tile.selected");
    if (!tile) { toast("Focus or select the face to use as cover.", true); return; }
    decide(`/api/people/${person}/cover`, { face: Number(tile.dataset.face) });
  };
  document.getElementById("cover").addEventListener("click", cover);
  const ignoreButton = document.getElementById("ignore");
  const ignore = () => decide(`/api/people/${person}/ignore`, { ignored: ignoreButton.dataset.ignored !== "true" });
  ignoreButton.addEventListener("click", ignore);
  onSubmit("born", () => {
    const born = document.getElementById("born-date").value.trim();
    decide(`/api/people/${person}/born`, { born: born || null });
  });
  onSubmit("with", async () => {
    const other = await personId(document.getElementById("with-name").value);
    if (other !== null) location.assign(togetherUrl([person, other], false));
  });
  const focus = (id) => () => document.getElementById(id).focus();
  const keys = { x: notFace, b: focus("born-date"), w: focus("with-name"), r: reject, m: focus("move-to"), s: focus("split-name"), e: focus("person-name"), g: focus("merge-into"), c: cover, i: ignore };
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
  const grid = faceGrid(section, (next) => `/unassigned/tiles?offset=${next}`);
  onSubmit("new-person", () => {
    const faces = grid.need();
    const name = document.getElementById("new-name").value.trim();
    if (faces) decide("/api/faces/new-person", { faces, name: name || null });
  });
  onMove(document.getElementById("move"), grid.need);
  return {
    key(event) {
      if (grid.key(event) !== false) return;
      if (event.key === "n") document.getElementById("new-name").focus();
      else if (event.key === "m") document.getElementById("move-to").focus();
      else return false;
    },
  };
}

// "Is this …?" and "Same person?": one question a row, y answers yes and n no. An answer is
// a decision like any other; the questions then come again from the server (an answer can
// settle others: a face moved is asked no more) and the next one takes the focus, in place.
function suggestionsPage() {
  const section = () => document.querySelector(".suggestions");
  const rows = () => Array.from(document.querySelectorAll(".suggestion"));
  function request(row, yes) {
    const d = row.dataset;
    if (section().dataset.kind === "faces") {
      const body = { faces: [Number(d.face)], person: Number(d.person) };
      return [yes ? "/api/faces/move" : "/api/faces/reject", body];
    }
    if (yes) return [`/api/people/${d.other}/merge`, { into: Number(d.keep) }];
    return ["/api/different", { people: [Number(d.keep), Number(d.other)] }];
  }
  async function answer(row, yes) {
    const at = rows().indexOf(row);
    const [url, body] = request(row, yes);
    const data = await post(url, body);
    await refresh(at);
    toast(said(url, data));
  }
  async function refresh(at) {
    const response = await fetch(location.pathname + location.search);
    if (!response.ok) { location.reload(); return; }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const selector of [".suggestions", ".history"]) {
      const now = fresh.querySelector(selector);
      if (now) document.querySelector(selector).replaceWith(now);
    }
    wire();
    const list = rows();
    if (list.length) list[Math.min(at, list.length - 1)].focus();
  }
  function wire() {
    rows().forEach((row) => {
      row.querySelector(".yes").addEventListener("click", () => answer(row, true));
      row.querySelector(".no").addEventListener("click", () => answer(row, false));
    });
  }
  wire();
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

// Drag a box on the photo around a face the detector missed: it is made on that box.
function drawFaces(frame) {
  if (frame.dataset.media !== "photo") return;
  const width = Number(frame.dataset.width);
  const height = Number(frame.dataset.height);
  let start = null;
  let box = null;
  const at = (e) => {
    const r = frame.getBoundingClientRect();
    return { x: Math.min(Math.max(e.clientX - r.left, 0), r.width), y: Math.min(Math.max(e.clientY - r.top, 0), r.height), r };
  };
  frame.addEventListener("mousedown", (e) => {
    if (e.button !== 0 || e.target.closest(".box")) return;
    e.preventDefault();
    start = at(e);
    box = document.createElement("span");
    box.className = "box drawing";
    frame.append(box);
  });
  document.addEventListener("mousemove", (e) => {
    if (!start) return;
    const p = at(e);
    Object.assign(box.style, {
      left: `${Math.min(p.x, start.x)}px`, top: `${Math.min(p.y, start.y)}px`,
      width: `${Math.abs(p.x - start.x)}px`, height: `${Math.abs(p.y - start.y)}px`,
    });
  });
  document.addEventListener("mouseup", (e) => {
    if (!start) return;
    const p = at(e);
    const sx = width / start.r.width, sy = height / start.r.height;
    const drawn = {
      top: Math.round(Math.min(p.y, start.y) * sy), bottom: Math.round(Math.max(p.y, start.y) * sy),
      left: Math.round(Math.min(p.x, start.x) * sx), right: Math.round(Math.max(p.x, start.x) * sx),
    };
    start = null;
    const name = prompt("Who is this? (leave it empty: nobody yet)", "");
    if (name === null) { box.remove(); return; }
    decide(`/api/photos/${frame.dataset.photo}/faces`, { box: drawn, name: name.trim() || null })
      .catch(() => box.remove());
  });
}

function photoPage() {
  drawFaces(document.querySelector(".photo-view .photo"));
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
    onMove(row.querySelector(".move-one"), () => [face]);
    const reject = row.querySelector(".reject-one");
    if (reject) reject.addEventListener("click", () => decide("/api/faces/reject", { faces: [face] }));
    row.querySelector(".not-a-face-one").addEventListener("click", () => decide("/api/faces/not-a-face", { faces: [face] }));
  });
  return { key() { return false; } };
}

function togetherPage() {
  const section = document.querySelector(".together");
  const people = section.dataset.with.split(",").map(Number);
  const only = document.getElementById("only");
  const boxes = document.getElementById("show-boxes");
  const grid = document.getElementById("shared");
  onSubmit("add-person", async () => {
    const other = await personId(document.getElementById("add-name").value);
    if (other !== null && !people.includes(other)) location.assign(togetherUrl([...people, other], only.checked));
  });
  only.addEventListener("change", () => location.assign(togetherUrl(people, only.checked)));
  const showBoxes = () => grid.classList.toggle("boxes", boxes.checked);
  boxes.addEventListener("change", showBoxes);
  return {
    key(event) {
      if (event.key === "a") document.getElementById("add-name").focus();
      else if (event.key === "o") { only.checked = !only.checked; only.dispatchEvent(new Event("change")); }
      else if (event.key === "b") { boxes.checked = !boxes.checked; showBoxes(); }
      else return false;
    },
  };
}
