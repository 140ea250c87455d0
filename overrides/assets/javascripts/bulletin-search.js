// The search page: Pagefind's JS API over two indexes. The headline index (titles, leads,
// speakers, documents: one bundle) answers first; the full-text index (one bundle per year, or
// per run of days in a busy year, merged in the browser) is opened only when the reader asks to
// search the bodies too, or when the headlines match nothing. Plus what Pagefind does not do for
// Vietnamese readers: `d` typed for `đ`, every word required in every part, facets that group
// the spellings of one name, a date sort across parts, and excerpts highlighted with the same
// folding. Results are built from DOM nodes and textContent only: nothing from the index or
// from the address goes through innerHTML.

const PAGE_SIZE = 10;
const TYPING_PAUSE_MS = 200;
const EXCERPT_WORDS = 30;
const MAX_D_POSITIONS = 3; // a word with more `d`s varies only its first three (8 variants)

const root = document.querySelector("[data-bulletin-search]");
const form = root.querySelector("form");
const fields = {
  q: form.elements.namedItem("q"),
  category: form.elements.namedItem("chuyen-muc"),
  year: form.elements.namedItem("nam"),
  speaker: form.elements.namedItem("nguoi"),
  resolution: form.elements.namedItem("van-ban"),
  sort: form.elements.namedItem("sap-xep"),
  full: form.elements.namedItem("toan-van"),
};
const statusLine = document.getElementById("search-status");
const output = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const fullButton = document.getElementById("search-fulltext");
const bundleUrl = new URL(root.dataset.bundle, location.href);

// The page's words (bulletin/data/interface.yml), `{name}` filled in from `values`.
const texts = JSON.parse(document.getElementById("bulletin-ui-search").textContent);
const say = (key, values = {}) =>
  texts[key].replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));

// The filters fold behind their button on phones (the first result on the first screen), open
// on wide screens and whenever the address sets one.
const options = root.querySelector("[data-bulletin-options]");
const optionNames = ["chuyen-muc", "nam", "nguoi", "van-ban", "sap-xep", "toan-van"];
const optionSet = optionNames.some((name) => new URLSearchParams(location.search).get(name));
if (options && (optionSet || matchMedia("(min-width: 60em)").matches)) options.open = true;
const siteRoot = new URL(root.dataset.root, location.href);

// Folding, as Pagefind does it (NFD, no marks, lower case, no punctuation) and `đ` as `d`.
const fold = (text) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐðÐƉɖ]/g, "d")
    .toLocaleLowerCase("vi");
const bare = (word) => fold(word).replace(/[\p{P}\p{S}]/gu, "");
const pieces = (word) =>
  fold(word)
    .split(/[\p{P}\p{S}]+/u)
    .filter(Boolean);
const formatCount = (n) => n.toLocaleString("vi-VN");

/** The words of a query, each with the spellings to search: `dang` also as `đang`. */
function queryTerms(query) {
  return query
    .normalize("NFC")
    .toLocaleLowerCase("vi")
    .split(/\s+/)
    .filter((word) => bare(word).length > 0)
    .map((word) => ({ word, key: bare(word), variants: dVariants(word) }));
}

function dVariants(word) {
  const positions = [...word].flatMap((char, i) => (char === "d" ? [i] : []));
  let variants = [[...word]];
  for (const at of positions.slice(0, MAX_D_POSITIONS)) {
    variants = variants.flatMap((chars) => [chars, chars.map((c, i) => (i === at ? "đ" : c))]);
  }
  return variants.map((chars) => chars.join(""));
}

/** Pagefind matches a word by its beginning; so does the highlighting. */
function matches(word, key) {
  return bare(word).startsWith(key) || pieces(word).some((piece) => piece.startsWith(key));
}

let manifestLoad = null;
/** The parts of the index and the small facets (a few hundred bytes): loaded with the page. */
function loadManifest() {
  manifestLoad ??= fetch(new URL("bulletin-search.json", bundleUrl)).then((response) => {
    if (!response.ok) throw new MissingIndex();
    return response.json();
  });
  return manifestLoad;
}

let facetsLoad = null;
/** Speakers and documents to pick from: loaded when the reader filters by them. */
function loadFacets(manifest) {
  facetsLoad ??= fetch(new URL(manifest.facets, bundleUrl)).then((r) => r.json());
  return facetsLoad;
}

class Index {
  /** The headline index, or with `full` the full-text parts merged into one. */
  static async open(full) {
    const manifest = await loadManifest();
    const parts = full ? manifest.parts : [manifest.headlines];
    if (!manifest.parts.length) return new Index(null, manifest, parts);
    const [first, ...others] = parts;
    const pagefind = await import(new URL(`${first.path}pagefind.js`, bundleUrl).href);
    const baseUrl = siteRoot.pathname;
    const basePath = new URL(first.path, bundleUrl).pathname;
    await pagefind.options({ basePath, baseUrl, mergeFilter: { part: first.id } });
    await Promise.all(
      others.map((part) =>
        pagefind.mergeIndex(new URL(part.path, bundleUrl).pathname, {
          baseUrl,
          mergeFilter: { part: part.id },
        }),
      ),
    );
    return new Index(pagefind, manifest, parts);
  }

  constructor(pagefind, manifest, parts) {
    this.pagefind = pagefind;
    this.manifest = manifest;
    this.parts = parts;
    this.partOrders = new Map();
    this.dateOrder = null;
  }

  /** Pages that contain every word (any spelling of it), best first or newest first. */
  async find(terms, filters, newestFirst) {
    const handles = new Map();
    let scores = null;
    const searches = terms.map((term) =>
      Promise.all(term.variants.map((v, i) => this.word(v, i > 0, filters))),
    );
    if (!terms.length) searches.push(Promise.all([this.pagefind.search(null, { filters })]));
    for (const responses of await Promise.all(searches)) {
      const found = new Map();
      for (const { results } of responses) {
        for (const result of results) {
          found.set(result.id, Math.max(found.get(result.id) ?? 0, result.score));
          if (!handles.has(result.id)) handles.set(result.id, result);
        }
      }
      scores = scores === null ? found : intersect(scores, found);
    }
    let ids = [...scores.keys()];
    if (newestFirst || !terms.length) ids = await this.newestFirst(scores);
    else ids.sort((a, b) => scores.get(b) - scores.get(a));
    return ids.map((id) => handles.get(id));
  }

  /** A word's pages. A spelling we added (`đang` for `dang`) must be a word of the page:
   * where no word starts with it, Pagefind would fall back to a shorter one (`đa`). */
  async word(spelling, added, filters) {
    const ranked = this.pagefind.search(spelling, { filters });
    if (!added) return ranked;
    const exact = await this.pagefind.search(`"${spelling}"`, { filters });
    const present = new Set(exact.results.map((result) => result.id));
    const { results } = await ranked;
    return { results: results.filter((result) => present.has(result.id)) };
  }

  /** Date order: the headline index's own list of its pages, newest first; across the
   * full-text parts, newest first, each sorted by Pagefind. */
  async newestFirst(scores) {
    const ids = [];
    if (this.parts[0] === this.manifest.headlines) {
      this.dateOrder ??= fetch(new URL(`${this.parts[0].path}bulletin-order.json`, bundleUrl))
        .then((response) => response.json())
        .then((order) => order.newest_first);
      return (await this.dateOrder).filter((id) => scores.has(id));
    }
    for (const part of this.parts) {
      if (!this.partOrders.has(part.id)) {
        const sorted = this.pagefind.search(null, {
          filters: { part: part.id },
          sort: { date: "desc" },
        });
        this.partOrders.set(
          part.id,
          sorted.then(({ results }) => results.map((r) => r.id)),
        );
      }
      for (const id of await this.partOrders.get(part.id)) if (scores.has(id)) ids.push(id);
    }
    return ids;
  }
}

class MissingIndex extends Error {}

function intersect(scores, found) {
  const both = new Map();
  for (const [id, score] of scores) if (found.has(id)) both.set(id, score + found.get(id));
  return both;
}

/** The facet option a reader typed or picked: its label, or its label folded. */
function option(options, typed) {
  const wanted = typed.trim();
  if (!wanted) return null;
  return (
    options.find((o) => o.label === wanted) ||
    options.find((o) => fold(o.label) === fold(wanted)) || { label: wanted, values: [wanted] }
  );
}

async function filtersOf(index, state) {
  const filters = {};
  const small = index.manifest;
  const chosen = [
    ["category", state.category && option(small.category, state.category)],
    ["year", state.year && option(small.year, state.year)],
  ];
  if (state.speaker || state.resolution) {
    const large = await loadFacets(index.manifest);
    chosen.push(["speaker", state.speaker && option(large.speaker, state.speaker)]);
    chosen.push(["resolution", state.resolution && option(large.resolution, state.resolution)]);
  }
  for (const [name, picked] of chosen) if (picked) filters[name] = { any: picked.values };
  return filters;
}

// Rendering: every text goes in with textContent.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** `words` as text, with the words that match a query word in <mark>. */
function highlighted(parent, words, terms, before = "", after = "") {
  parent.append(before);
  words.forEach((word, i) => {
    if (i > 0) parent.append(" ");
    if (!terms.some((term) => matches(word, term.key))) return parent.append(word);
    // `Lộc.` → `<mark>Lộc</mark>.`: punctuation around a word stays outside the mark.
    const [, opening, core, closing] = word.match(/^([\p{P}\p{S}]*)(.*?)([\p{P}\p{S}]*)$/u);
    if (core) parent.append(opening, element("mark", "", core), closing);
    else parent.append(element("mark", "", word));
  });
  parent.append(after);
  return parent;
}

/** The window of the text that holds the most query words, after the title it starts with. */
function excerptWords(content, title, terms) {
  const words = content.split(/\s+/).filter(Boolean);
  const skip = Math.min(title.split(/\s+/).filter(Boolean).length, words.length);
  const hits = words.map((word) => terms.findIndex((term) => matches(word, term.key)));
  let best = { start: skip, distinct: -1, count: -1 };
  for (let start = skip; start < Math.max(words.length - EXCERPT_WORDS, skip) + 1; start++) {
    const window = hits.slice(start, start + EXCERPT_WORDS).filter((hit) => hit >= 0);
    const distinct = new Set(window).size;
    if (distinct > best.distinct || (distinct === best.distinct && window.length > best.count)) {
      best = { start, distinct, count: window.length };
    }
    if (!terms.length) break;
  }
  const end = Math.min(best.start + EXCERPT_WORDS, words.length);
  return { words: words.slice(best.start, end), cut: [best.start > skip, end < words.length] };
}

async function renderResult(handle, terms) {
  const data = await handle.data();
  const title = data.meta.title || data.url;
  const item = element("li", "bulletin-search__result");
  const heading = element("h2", "bulletin-search__title");
  const link = element("a");
  link.href = data.url;
  highlighted(link, title.split(/\s+/), terms);
  heading.append(link);
  const meta = element("p", "bulletin-search__meta");
  if (data.meta.category)
    meta.append(element("span", "bulletin-search__category", data.meta.category));
  if (data.meta.date) {
    const time = element("time", "", data.meta.dateline || data.meta.date.slice(0, 10));
    time.dateTime = data.meta.date;
    meta.append(time);
  }
  const excerpt = excerptWords(data.content, title, terms);
  const text = element("p", "bulletin-search__excerpt");
  highlighted(text, excerpt.words, terms, excerpt.cut[0] ? "… " : "", excerpt.cut[1] ? " …" : "");
  item.append(heading, meta, text);
  return item;
}

// The page: state in the address, a search per change, results a page at a time.

const opening = { headlines: null, full: null };
const openIndex = (full = false) =>
  full ? (opening.full ??= Index.open(true)) : (opening.headlines ??= Index.open(false));
let current = 0;
let shown = { handles: [], terms: [], list: null, count: 0 };

function readState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const [name, field] of Object.entries(fields)) {
    state[name] = (params.get(field.name) || "").normalize("NFC");
    if (field.type === "checkbox") {
      field.checked = state[name] === field.value;
      state[name] = field.checked ? field.value : "";
    } else field.value = state[name];
    if (field.tagName === "SELECT" && state[name]) field.dataset.wanted = state[name];
  }
  return state;
}

function valueOf(field) {
  if (field.type === "checkbox") return field.checked ? field.value : "";
  return (field.value || field.dataset.wanted || "").normalize("NFC");
}

function formState() {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, valueOf(field)]));
}

function writeAddress(state) {
  const params = new URLSearchParams();
  for (const [name, field] of Object.entries(fields))
    if (state[name]) params.set(field.name, state[name]);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function fillSelect(select, options) {
  const chosen = select.dataset.wanted || select.value;
  for (const { label } of options) select.append(new Option(label, label));
  if (chosen && !options.some(({ label }) => label === chosen)) select.append(new Option(chosen));
  select.value = chosen;
  delete select.dataset.wanted;
}

function fillList(id, options) {
  const list = document.getElementById(id);
  if (!list.children.length) list.append(...options.map(({ label }) => new Option(label)));
}

function describe(state, count, full) {
  const where = [state.category, state.year, state.speaker, state.resolution].filter(Boolean);
  const filtered = where.length ? say("search.filtered_by", { filters: where.join(", ") }) : "";
  if (!state.q.trim()) return say("search.count", { count: formatCount(count), filtered });
  const within = say(full ? "search.within_all" : "search.within_headlines");
  const query = state.q.trim();
  return say("search.found", { count: formatCount(count), query, within, filtered });
}

async function search(state) {
  const run = ++current;
  const started = performance.now();
  writeAddress(state);
  const terms = queryTerms(state.q);
  const filtering = state.category || state.year || state.speaker || state.resolution;
  output.dataset.state = "loading";
  moreButton.hidden = true;
  fullButton.hidden = true;
  if (!terms.length && !filtering) {
    output.replaceChildren();
    statusLine.textContent = say("search.prompt");
    return finish(run, state, started);
  }
  statusLine.textContent = say("search.searching");
  let full = Boolean(state.full) && terms.length > 0;
  let index = await openIndex(full);
  if (run !== current) return;
  if (!index.pagefind) {
    output.replaceChildren(element("p", "bulletin-search__empty", say("search.empty_site")));
    statusLine.textContent = say("search.empty_site");
    return finish(run, state, started);
  }
  const filters = await filtersOf(index, state);
  const newestFirst = state.sort === "moi-nhat";
  let handles = await index.find(terms, filters, newestFirst);
  if (!handles.length && terms.length && !full) {
    // Nothing in the headlines: the bodies may have it.
    statusLine.textContent = say("search.searching_bodies");
    full = true;
    index = await openIndex(true);
    if (run !== current) return;
    handles = await index.find(terms, filters, newestFirst);
  }
  if (run !== current) return;
  if (!handles.length) {
    const message = state.q.trim()
      ? say("search.nothing_for", { query: state.q.trim() })
      : say("search.nothing_filtered");
    const hint = say("search.try");
    output.replaceChildren(element("p", "bulletin-search__empty", `${message} ${hint}`));
    statusLine.textContent = message;
    return finish(run, state, started);
  }
  const list = element("ol", "bulletin-search__list");
  list.setAttribute("aria-label", say("search.results"));
  shown = { handles, terms, list, count: 0 };
  await showMore(run);
  if (run !== current) return;
  output.replaceChildren(list);
  statusLine.textContent = describe(state, handles.length, full);
  fullButton.hidden = full || !terms.length;
  return finish(run, state, started);
}

async function showMore(run) {
  const next = shown.handles.slice(shown.count, shown.count + PAGE_SIZE);
  const items = await Promise.all(next.map((handle) => renderResult(handle, shown.terms)));
  if (run !== current) return [];
  shown.list.append(...items);
  shown.count += items.length;
  moreButton.hidden = shown.count >= shown.handles.length;
  return items;
}

function finish(run, state, started) {
  if (run !== current) return;
  output.dataset.query = state.q;
  output.dataset.state = "done";
  root.dataset.searchMs = String(Math.round(performance.now() - started));
}

function failed(error) {
  output.dataset.state = "done";
  const text =
    error instanceof MissingIndex
      ? say("search.no_index")
      : say("search.load_failed");
  statusLine.textContent = text;
  output.replaceChildren(element("p", "bulletin-search__empty", text));
  if (!(error instanceof MissingIndex)) console.error(error);
}

const start = (state) => search(state).catch(failed);

async function loadLargeFacets() {
  try {
    const manifest = await loadManifest();
    if (!manifest.parts.length) return;
    const facets = await loadFacets(manifest);
    fillList("search-speakers", facets.speaker);
    fillList("search-resolutions", facets.resolution);
  } catch (error) {
    failed(error);
  }
}

let pause = null;
fields.q.addEventListener("input", () => {
  clearTimeout(pause);
  pause = setTimeout(() => start(formState()), TYPING_PAUSE_MS);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(pause);
  start(formState());
});
for (const field of [
  fields.category,
  fields.year,
  fields.sort,
  fields.speaker,
  fields.resolution,
  fields.full,
]) {
  field.addEventListener("change", () => start(formState()));
}
for (const field of [fields.speaker, fields.resolution]) {
  field.addEventListener("focus", loadLargeFacets, { once: true });
}
// Pagefind itself is loaded when the reader starts typing (or arrives with a query).
fields.q.addEventListener("focus", () => openIndex().catch(() => {}), { once: true });
fullButton.addEventListener("click", () => {
  fields.full.checked = true;
  start(formState());
});
moreButton.addEventListener("click", async () => {
  const items = await showMore(current);
  items[0]?.querySelector("a")?.focus();
});

const initial = readState();
loadManifest()
  .then((manifest) => {
    fillSelect(fields.category, manifest.category);
    fillSelect(fields.year, manifest.year);
  })
  .catch(() => {}); // said by the search, when there is one
if (initial.q || initial.category || initial.year || initial.speaker || initial.resolution) {
  start(initial);
} else {
  statusLine.textContent = say("search.prompt");
  output.dataset.state = "done";
  output.dataset.query = "";
  fields.q.focus();
}
