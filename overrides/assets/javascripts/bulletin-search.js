// The search page. The build wrote an index of folded syllables and of runs of two and three
// adjacent ones (bulletin.search.part_index): a query reads, from each part of the index, only
// the shards that hold its syllables, its runs and its filters, and ranks the articles here:
//   1. an article must have every syllable of the query, whole (`loc` is `Lộc`, `lọc`, never
//      `lóc cóc` nor `locate`); while the reader is still typing, the last one may be the start
//      of a word, and such articles come after;
//   2. the articles that have the query's syllables side by side, in order (its runs), come
//      before those where they are scattered; a query in quotes asks for the phrase only;
//   3. then where: title or lead, then speakers or documents, then the body; then the newest.
// Headlines and bodies answer together; the reader may narrow to the headlines. When no
// article has every syllable, the closest come under a heading of their own. Results are built
// from DOM nodes and textContent only: nothing from the index or from the address goes through
// innerHTML.

const PAGE_SIZE = 10;
const CLOSEST = 10; // articles shown when none has every syllable
const TYPING_PAUSE_MS = 200;
const EXCERPT_WORDS = 30;
const EXPANSIONS = 8; // the words a begun word may become: the most frequent
const BEGUN_MIN = 2; // letters a begun word needs before it stands for longer ones
const TITLE = 1;
const PEOPLE = 2;
const BODY = 4;

const root = document.querySelector("[data-bulletin-search]");
const form = root.querySelector("form");
const fields = {
  q: form.elements.namedItem("q"),
  category: form.elements.namedItem("chuyen-muc"),
  year: form.elements.namedItem("nam"),
  speaker: form.elements.namedItem("nguoi"),
  resolution: form.elements.namedItem("van-ban"),
  sort: form.elements.namedItem("sap-xep"),
  headlines: form.elements.namedItem("tieu-de"),
};
const statusLine = document.getElementById("search-status");
const output = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const indexUrl = new URL(root.dataset.bundle, location.href);
const siteRoot = new URL(root.dataset.root, location.href);

// The page's words (bulletin/data/interface.yml), `{name}` filled in from `values`.
const texts = JSON.parse(document.getElementById("bulletin-ui-search").textContent);
const say = (key, values = {}) =>
  texts[key].replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));

// The filters fold behind their button on phones (the first result on the first screen), open
// on wide screens and whenever the address sets one.
const options = root.querySelector("[data-bulletin-options]");
const optionNames = ["chuyen-muc", "nam", "nguoi", "van-ban", "sap-xep", "tieu-de"];
const optionSet = optionNames.some((name) => new URLSearchParams(location.search).get(name));
if (options && (optionSet || matchMedia("(min-width: 60em)").matches)) options.open = true;

// Text as the index holds it (bulletin.search.syllables): folded (NFD, no marks, `đ` as `d`,
// lower case), cut into syllables (runs of letters and digits), in stretches that runs do not
// cross (the end of a sentence or clause, brackets, quotes, a dash between spaces).
const BREAK = /[.,;:!?…]+(?=\s|$)|[()[\]{}"“”«»‘’'\n]+|\s[-–—]+\s/u;
const SYLLABLE = /[\p{L}\p{N}]+/gu;
const fold = (text) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐðÐƉɖ]/g, "d")
    .toLocaleLowerCase("vi");
const syllablesOf = (word) => fold(word).match(SYLLABLE) || [];
const segmentsOf = (text) =>
  text
    .split(new RegExp(BREAK.source, "gu"))
    .map((segment) => segment.split(/\s+/).flatMap(syllablesOf))
    .filter((segment) => segment.length);
const runOf = (...syllables) => syllables.join(" ");
const facetTerm = (name, value) => `#${name}:${value}`;
const formatCount = (n) => n.toLocaleString("vi-VN");

/** What the reader asked: the syllables, the pairs and the runs of two and three that make
 * the phrase, whether the phrase only (in quotes), and the begun word (the last, still being
 * typed). */
function parseQuery(raw, typing) {
  const text = raw.normalize("NFC").trim();
  const quoted = /^["“”].*["“”]$/su.test(text) && text.length > 1;
  const inner = quoted ? text.slice(1, -1) : text;
  const segments = segmentsOf(inner);
  const syllables = segments.flat();
  const runsOf = (length) =>
    segments.flatMap((s) => s.slice(length - 1).map((_, i) => runOf(...s.slice(i, i + length))));
  const pairs = runsOf(2);
  const last = syllables.at(-1);
  const begun =
    typing && !quoted && last && last.length >= BEGUN_MIN && !/\s$/u.test(raw) ? last : null;
  return { text: inner.trim(), syllables, pairs, runs: [...pairs, ...runsOf(3)], quoted, begun };
}

// The index: the manifest (loaded with the page), shards and fragments when a query needs them.

let manifestLoad = null;
function loadManifest() {
  manifestLoad ??= fetch(new URL("bulletin-search.json", indexUrl)).then((response) => {
    if (!response.ok) throw new MissingIndex();
    return response.json();
  });
  return manifestLoad;
}

let facetsLoad = null;
/** Speakers and documents to pick from: loaded when the reader filters by them. */
function loadFacets(manifest) {
  facetsLoad ??= fetch(new URL(manifest.facets, indexUrl)).then((r) => r.json());
  return facetsLoad;
}

class MissingIndex extends Error {}

async function gunzipped(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const encoder = new TextEncoder();
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
/** The shard of a term: the CRC-32 of its UTF-8 bytes (`part_index.shard_hash`). */
function shardHash(term) {
  let crc = 0xffffffff;
  for (const byte of encoder.encode(term)) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A shard's entries: term → [start, end) of its postings in `bytes`. */
function readShard(bytes) {
  const terms = new Map();
  const decoder = new TextDecoder();
  let at = 0;
  while (at < bytes.length) {
    const zero = bytes.indexOf(0, at);
    const term = decoder.decode(bytes.subarray(at, zero));
    let count;
    [count, at] = varint(bytes, zero + 1);
    const start = at;
    for (let i = 0; i < count; i++) at = varint(bytes, at)[1];
    terms.set(term, { bytes, start, count });
  }
  return terms;
}

function varint(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

class Index {
  constructor(manifest) {
    this.manifest = manifest;
    this.shards = new Map();
    this.found = new Map();
    this.fragments = new Map();
    this.vocabulary = null;
  }

  shard(part, number) {
    const key = `${part.id}/${number}`;
    if (!this.shards.has(key)) {
      const url = new URL(`${part.path}t/${number}.gz`, indexUrl);
      this.shards.set(key, gunzipped(url).then(readShard));
    }
    return this.shards.get(key);
  }

  /** The articles that have `term`: their number in the site → where (TITLE|PEOPLE|BODY). */
  lookup(term) {
    if (!this.found.has(term)) this.found.set(term, this.read(term));
    return this.found.get(term);
  }

  async read(term) {
    const hash = shardHash(term);
    const parts = this.manifest.parts;
    const shards = await Promise.all(parts.map((part) => this.shard(part, hash % part.shards)));
    const articles = new Map();
    shards.forEach((terms, i) => {
      const entry = terms.get(term);
      if (!entry) return;
      let number = parts[i].first - 1;
      let at = entry.start;
      for (let n = 0; n < entry.count; n++) {
        let value;
        [value, at] = varint(entry.bytes, at);
        number += Math.floor(value / 8) + 1;
        articles.set(number, value % 8);
      }
    });
    return articles;
  }

  /** Several terms as one: an article that has any of them, where any of them is. */
  async any(terms) {
    const merged = new Map();
    for (const found of await Promise.all(terms.map((term) => this.lookup(term)))) {
      for (const [number, where] of found) merged.set(number, (merged.get(number) ?? 0) | where);
    }
    return merged;
  }

  /** The longer words a begun word may become, the most frequent first. */
  async expansions(begun) {
    this.vocabulary ??= gunzipped(new URL(this.manifest.vocabulary, indexUrl)).then((bytes) =>
      new TextDecoder()
        .decode(bytes)
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split("\t"))
        .map(([term, count]) => ({ term, count: Number(count) })),
    );
    const words = await this.vocabulary;
    return words
      .filter(({ term }) => term.length > begun.length && term.startsWith(begun))
      .sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : 1))
      .slice(0, EXPANSIONS)
      .map(({ term }) => term);
  }

  /** What the search page shows of article `number` (its record). */
  fragment(number) {
    if (!this.fragments.has(number)) {
      const part = this.manifest.parts.findLast((p) => p.first <= number);
      const url = new URL(`${part.path}f/${number - part.first}.gz`, indexUrl);
      const load = gunzipped(url).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)));
      this.fragments.set(number, load);
    }
    return this.fragments.get(number);
  }
}

let indexLoad = null;
const openIndex = () => (indexLoad ??= loadManifest().then((manifest) => new Index(manifest)));

// Ranking.

const intersect = (maps) => {
  const [smallest, ...others] = [...maps].sort((a, b) => a.size - b.size);
  const both = new Map();
  for (const [number, where] of smallest) {
    if (others.every((map) => map.has(number))) both.set(number, where);
  }
  return both;
};

/** The best place all of `masks` share: 3 title or lead, 2 speakers or documents, 1 body. */
function level(masks) {
  const shared = masks.reduce((a, b) => a & b, TITLE | PEOPLE | BODY);
  if (shared & TITLE) return 3;
  if (shared & PEOPLE) return 2;
  if (shared & BODY) return 1;
  return 0;
}

/** The answer: the articles with every syllable whole, ranked. While the last word is begun,
 * the articles where it may become a longer word come after them all: at once when the whole
 * matches are fewer than a page, else when the reader reaches their end (`rest`, for "Xem
 * thêm"), so that a word being typed costs no more than a sent one. */
async function answer(index, query, options) {
  const whole = await rank(index, query, options);
  if (!query.begun) return { ...whole, rest: null };
  const rest = async () => {
    const expanded = await index.expansions(query.begun);
    return expanded.length ? rank(index, query, options, expanded) : null;
  };
  if (whole.ranked.length >= PAGE_SIZE) return { ...whole, rest };
  const started = await rest();
  if (!started) return { ...whole, rest: null };
  const ranked = [...whole.ranked, ...started.ranked];
  return { ...whole, ranked, expanded: started.expanded, rest: null };
}

/** The articles that have every syllable of the query, whole; with `expanded`, those that
 * have the others whole and, for the begun last word, one of the longer words it may become
 * (and not the word itself). Each with how it matched: the phrase (all its runs), how many of
 * its runs, where (for its rank and its excerpt). */
async function rank(index, query, options, expanded = null) {
  const { syllables, pairs, runs, begun } = query;
  const { filters, newestFirst, headlinesOnly } = options;
  const distinct = [...new Set(syllables)];
  const found = await Promise.all(distinct.map((s) => index.lookup(s)));
  const bySyllable = new Map(distinct.map((s, i) => [s, found[i]]));
  const runMaps = await Promise.all(runs.map((r) => index.lookup(r)));
  const allowed = await allowedBy(index, filters);
  let required = distinct.map((s) => bySyllable.get(s));
  let phraseMaps = runMaps;
  if (expanded) {
    const becomes = (term) => expanded.map((word) => term.slice(0, -begun.length) + word);
    required = distinct.filter((s) => s !== begun).map((s) => bySyllable.get(s));
    required.push(await index.any(expanded));
    phraseMaps = await Promise.all(
      runs.map((r, i) => (r.endsWith(` ${begun}`) ? index.any(becomes(r)) : runMaps[i])),
    );
  }
  const ranked = [];
  for (const number of intersect(required).keys()) {
    if (allowed && !allowed.has(number)) continue;
    if (expanded && bySyllable.get(begun).has(number)) continue; // a whole match, ranked first
    const masks = required.map((map) => map.get(number));
    if (headlinesOnly && masks.some((where) => !(where & (TITLE | PEOPLE)))) continue;
    const present = phraseMaps.filter((map) => map.has(number));
    const phrase = present.length === phraseMaps.length;
    const place = level(phrase && present.length ? present.map((map) => map.get(number)) : masks);
    ranked.push({ number, isWhole: !expanded, phrase, runs: present.length, place });
  }
  const byRelevance = (a, b) =>
    b.phrase - a.phrase || b.runs - a.runs || b.place - a.place || b.number - a.number;
  ranked.sort(newestFirst ? (a, b) => b.number - a.number : byRelevance);
  const pairMaps = runMaps.slice(0, pairs.length);
  return {
    ranked: query.quoted ? ranked.filter((hit) => hit.phrase) : ranked,
    expanded: expanded ?? [],
    bySyllable,
    pairMaps,
    allowed,
    headlinesOnly,
  };
}

/** The articles every chosen filter allows (null: no filter). */
async function allowedBy(index, filters) {
  if (!filters.length) return null;
  return intersect(await Promise.all(filters.map((terms) => index.any(terms))));
}

/** When no article has every syllable: those with the most of them (and of their pairs). */
function closest(query, found) {
  const { bySyllable, pairMaps, allowed, headlinesOnly } = found;
  const scores = new Map();
  for (const map of bySyllable.values()) {
    for (const [number, where] of map) {
      if (allowed && !allowed.has(number)) continue;
      if (headlinesOnly && !(where & (TITLE | PEOPLE))) continue;
      const score = scores.get(number) ?? { number, syllables: 0, pairs: 0, place: 0 };
      score.syllables += 1;
      score.place = Math.max(score.place, level([where]));
      scores.set(number, score);
    }
  }
  for (const map of pairMaps) {
    for (const number of map.keys()) if (scores.has(number)) scores.get(number).pairs += 1;
  }
  return [...scores.values()]
    .sort(
      (a, b) =>
        b.syllables - a.syllables || b.pairs - a.pairs || b.place - a.place || b.number - a.number,
    )
    .slice(0, CLOSEST)
    .map((score) => ({ number: score.number, isWhole: true, phrase: false, place: score.place }));
}

/** The filters the reader chose, each as the terms of its values (an article needs one). */
async function filtersOf(index, state) {
  const small = index.manifest;
  const chosen = [
    ["category", state.category && option(small.category, state.category)],
    ["year", state.year && option(small.year, state.year)],
  ];
  if (state.speaker || state.resolution) {
    const large = await loadFacets(small);
    chosen.push(["speaker", state.speaker && option(large.speaker, state.speaker)]);
    chosen.push(["resolution", state.resolution && option(large.resolution, state.resolution)]);
  }
  return chosen
    .filter(([, picked]) => picked)
    .map(([name, picked]) => picked.values.map((value) => facetTerm(name, value)));
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

// Rendering: every text goes in with textContent.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Whether a folded syllable is one of the query's, or one its begun word may become. */
const isQuerySyllable = (syllable, query, expanded) =>
  query.syllables.includes(syllable) || (query.begun !== null && expanded.includes(syllable));

/** Whether a word (its folded syllables) holds a query syllable. */
const wordMatches = (word, query, expanded) =>
  syllablesOf(word).some((s) => isQuerySyllable(s, query, expanded));

/** Where the query's syllables stand in order in `words`: [first word, last word] or null. */
function phraseAt(words, query, expanded, from = 0) {
  const wanted = query.syllables;
  if (wanted.length < 2) return null;
  const stream = [];
  words.forEach((word, i) => {
    if (i >= from) for (const s of syllablesOf(word)) stream.push([s, i]);
  });
  const last = wanted.length - 1;
  const fits = (s, k) =>
    s === wanted[k] || (k === last && query.begun && expanded.includes(s));
  for (let j = 0; j + last < stream.length; j++) {
    let k = 0;
    while (k <= last && fits(stream[j + k][0], k)) k++;
    if (k > last) return [stream[j][1], stream[j + last][1]];
  }
  return null;
}

/** `words` as text, each time the phrase stands there as one <mark>; where it does not, the
 * query's words each in theirs. */
function highlighted(parent, words, query, expanded, before = "", after = "") {
  parent.append(before);
  const spans = [];
  for (let from = 0; ; ) {
    const span = phraseAt(words, query, expanded, from);
    if (!span) break;
    spans.push(span);
    from = span[1] + 1;
  }
  let i = 0;
  while (i < words.length) {
    if (i > 0) parent.append(" ");
    const span = spans.find(([first]) => first === i);
    if (span) {
      markWords(parent, words.slice(span[0], span[1] + 1));
      i = span[1] + 1;
      continue;
    }
    if (!spans.length && wordMatches(words[i], query, expanded)) markWords(parent, [words[i]]);
    else parent.append(words[i]);
    i++;
  }
  parent.append(after);
  return parent;
}

/** `Lộc.` → `<mark>Lộc</mark>.`: punctuation around the marked words stays outside. */
function markWords(parent, words) {
  const text = words.join(" ");
  const [, opening, core, closing] = text.match(/^([\p{P}\p{S}]*)(.*?)([\p{P}\p{S}]*)$/su);
  if (core) parent.append(opening, element("mark", "", core), closing);
  else parent.append(element("mark", "", text));
}

/** The stretch of the text to show: around the phrase if it is there, else the window that
 * holds the most of the query's syllables. */
function excerptWords(text, query, expanded) {
  const words = text.split(/\s+/).filter(Boolean);
  const phrase = phraseAt(words, query, expanded);
  let start = 0;
  if (phrase) start = Math.max(0, phrase[0] - Math.floor(EXCERPT_WORDS / 3));
  else {
    const hits = words.map((word) =>
      syllablesOf(word).filter((s) => isQuerySyllable(s, query, expanded)),
    );
    let best = -1;
    for (let at = 0; at < Math.max(1, words.length - EXCERPT_WORDS + 1); at++) {
      const distinct = new Set(hits.slice(at, at + EXCERPT_WORDS).flat()).size;
      if (distinct > best) [best, start] = [distinct, at];
    }
  }
  const end = Math.min(start + EXCERPT_WORDS, words.length);
  return { words: words.slice(start, end), cut: [start > 0, end < words.length] };
}

const siteAddress = (path) => new URL(path, siteRoot).href;
const srcsetOf = (srcset) =>
  srcset
    .split(", ")
    .map((item) => {
      const [path, width] = item.split(" ");
      return `${new URL(path, siteRoot).pathname} ${width}`;
    })
    .join(", ");

/** The thumbnail as the lists show it (partials/picture.html), or the neutral frame. */
function thumbnail(record) {
  const link = element("a", "bulletin-teaser__thumb");
  link.href = siteAddress(record.url);
  link.tabIndex = -1;
  link.setAttribute("aria-hidden", "true");
  const image = record.image;
  if (!image) {
    const frame = element("span", "bulletin-frame bulletin-frame--thumb");
    frame.setAttribute("aria-hidden", "true");
    link.append(frame);
    return link;
  }
  const picture = element("picture", "bulletin-picture bulletin-picture--thumb");
  const sizes = "(min-width: 45em) 200px, 120px";
  const source = element("source");
  source.type = "image/webp";
  source.srcset = srcsetOf(image.webp);
  source.sizes = sizes;
  const img = element("img");
  img.src = new URL(image.src, siteRoot).pathname;
  img.srcset = srcsetOf(image.srcset);
  img.sizes = sizes;
  img.width = image.width;
  img.height = image.height;
  img.alt = image.alt;
  img.loading = "lazy";
  img.decoding = "async";
  picture.append(source, img);
  link.append(picture);
  return link;
}

async function renderResult(index, hit, query, expanded) {
  const record = await index.fragment(hit.number);
  const item = element("li", "bulletin-teaser bulletin-search__result");
  const body = element("div", "bulletin-teaser__text");
  const heading = element("h2", "bulletin-teaser__title bulletin-search__title");
  const link = element("a");
  link.href = siteAddress(record.url);
  highlighted(link, record.title.split(/\s+/), query, expanded);
  heading.append(link);
  const meta = element("p", "bulletin-teaser__meta bulletin-search__meta");
  meta.append(element("span", "bulletin-category", record.category), " ");
  const time = element("time", "", record.dateline);
  time.dateTime = record.date;
  meta.append(time);
  body.append(heading, meta);
  const source = excerptSource(record, hit, query, expanded);
  if (source) {
    const excerpt = excerptWords(source, query, expanded);
    const text = element("p", "bulletin-teaser__lead bulletin-search__excerpt");
    const [before, after] = excerpt.cut;
    highlighted(text, excerpt.words, query, expanded, before ? "… " : "", after ? " …" : "");
    body.append(text);
  }
  item.append(thumbnail(record), body);
  return item;
}

/** The text an excerpt comes from: the speaker or document that holds the phrase or the most
 * of the query's words for a match there, the lead for a match in the title or lead (if it has
 * the words), else the body. */
function excerptSource(record, hit, query, expanded) {
  if (hit.place === 2) {
    const entries = [...record.speakers, ...record.documents].map((text) => text.split(/\s+/));
    const score = (words) =>
      (phraseAt(words, query, expanded) ? words.length : 0) +
      words.filter((word) => wordMatches(word, query, expanded)).length;
    const best = entries.reduce((a, b) => (score(b) > score(a) ? b : a), []);
    if (best.length) return best.join(" ");
  }
  const lead = record.lead || "";
  const inLead = lead.split(/\s+/).some((word) => wordMatches(word, query, expanded));
  if (hit.place === 3 && (inLead || !record.text)) return lead;
  return record.text || lead;
}

// The page: state in the address, a search per change, results a page at a time.

let current = 0;
let shown = { hits: [], query: null, expanded: [], list: null, count: 0, index: null, rest: null };

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

function filteredBy(state) {
  const where = [state.category, state.year, state.speaker, state.resolution].filter(Boolean);
  return where.length ? say("search.filtered_by", { filters: where.join(", ") }) : "";
}

function describe(state, count, query) {
  const filtered = filteredBy(state);
  if (!query.syllables.length) return say("search.count", { count: formatCount(count), filtered });
  const within = say(state.headlines ? "search.within_headlines" : "search.within_all");
  return say("search.found", { count: formatCount(count), query: query.text, within, filtered });
}

async function search(state, typing = false) {
  const run = ++current;
  const started = performance.now();
  writeAddress(state);
  const query = parseQuery(state.q, typing);
  const filtering = state.category || state.year || state.speaker || state.resolution;
  output.dataset.state = "loading";
  moreButton.hidden = true;
  if (!query.syllables.length && !filtering) {
    output.replaceChildren();
    statusLine.textContent = say("search.prompt");
    return finish(run, state, started);
  }
  statusLine.textContent = say("search.searching");
  const index = await openIndex();
  if (run !== current) return;
  if (!index.manifest.parts.length) {
    output.replaceChildren(element("p", "bulletin-search__empty", say("search.empty_site")));
    statusLine.textContent = say("search.empty_site");
    return finish(run, state, started);
  }
  const filters = await filtersOf(index, state);
  const newestFirst = state.sort === "moi-nhat" || !query.syllables.length;
  let hits;
  let found = null;
  if (query.syllables.length) {
    const headlinesOnly = Boolean(state.headlines);
    found = await answer(index, query, { filters, newestFirst, headlinesOnly });
    hits = found.ranked;
    if (query.quoted && query.syllables.length > 3) hits = await verified(index, hits, query);
  } else {
    const allowed = await allowedBy(index, filters);
    hits = [...allowed.keys()].sort((a, b) => b - a).map((number) => ({ number, place: 3 }));
  }
  if (run !== current) return;
  const expanded = found ? found.expanded : [];
  if (!hits.length) {
    const near = found && !query.quoted ? closest(query, found) : [];
    return nothingFound(run, state, started, query, near, index, expanded);
  }
  const list = element("ol", "bulletin-teasers bulletin-search__list");
  list.setAttribute("aria-label", say("search.results"));
  shown = { hits, query, expanded, list, count: 0, index, rest: found?.rest ?? null };
  await showMore(run);
  if (run !== current) return;
  output.replaceChildren(list);
  statusLine.textContent = describe(state, hits.length, query);
  return finish(run, state, started);
}

/** A phrase in quotes of four syllables or more: its runs may stand apart; keep the articles
 * whose text has the syllables in order, read from their records. */
async function verified(index, hits, query) {
  const kept = await Promise.all(
    hits.map(async (hit) => {
      const record = await index.fragment(hit.number);
      const { title, lead, speakers, documents, text } = record;
      const texts = [title, lead, ...speakers, ...documents, text];
      return texts.some((t) => t && phraseAt(t.split(/\s+/), query, [])) ? hit : null;
    }),
  );
  return kept.filter(Boolean);
}

async function nothingFound(run, state, started, query, near, index, expanded) {
  const filtered = filteredBy(state);
  const message = query.syllables.length
    ? say("search.nothing_for", { query: query.text })
    : say("search.nothing_filtered");
  if (!near.length) {
    const hint = say("search.try");
    output.replaceChildren(element("p", "bulletin-search__empty", `${message} ${hint}`));
    statusLine.textContent = message;
    return finish(run, state, started);
  }
  statusLine.textContent = say("search.closest", { query: query.text, filtered });
  const section = element("section", "bulletin-search__closest");
  const heading = element("h2", "bulletin-search__closest-title", say("search.closest_heading"));
  heading.id = "search-closest-heading";
  section.setAttribute("aria-labelledby", heading.id);
  const list = element("ol", "bulletin-teasers bulletin-search__list");
  shown = { hits: near, query, expanded, list, count: 0, index, rest: null };
  await showMore(run);
  if (run !== current) return;
  section.append(heading, list);
  output.replaceChildren(section);
  return finish(run, state, started);
}

async function showMore(run) {
  const { index, query, expanded } = shown;
  const next = shown.hits.slice(shown.count, shown.count + PAGE_SIZE);
  const items = await Promise.all(next.map((hit) => renderResult(index, hit, query, expanded)));
  if (run !== current) return [];
  shown.list.append(...items);
  shown.count += items.length;
  if (shown.count >= shown.hits.length && shown.rest) await takeRest(run);
  moreButton.hidden = shown.count >= shown.hits.length;
  return items;
}

/** The whole matches are all shown: the articles where the begun word may become a longer
 * one come next, if there are any (the "more" button shows only then). */
async function takeRest(run) {
  const rest = shown.rest;
  shown.rest = null;
  const started = await rest();
  if (run !== current || !started) return;
  shown.hits = [...shown.hits, ...started.ranked];
  shown.expanded = started.expanded;
}

function finish(run, state, started) {
  if (run !== current) return;
  output.dataset.query = state.q;
  output.dataset.state = "done";
  root.dataset.searchMs = String(Math.round(performance.now() - started));
}

function failed(error) {
  output.dataset.state = "done";
  const text = error instanceof MissingIndex ? say("search.no_index") : say("search.load_failed");
  statusLine.textContent = text;
  output.replaceChildren(element("p", "bulletin-search__empty", text));
  if (!(error instanceof MissingIndex)) console.error(error);
}

const start = (state, typing = false) => search(state, typing).catch(failed);

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
  pause = setTimeout(() => start(formState(), true), TYPING_PAUSE_MS);
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
  fields.headlines,
]) {
  field.addEventListener("change", () => start(formState()));
}
for (const field of [fields.speaker, fields.resolution]) {
  field.addEventListener("focus", loadLargeFacets, { once: true });
}
moreButton.addEventListener("click", async () => {
  moreButton.disabled = true; // one page at a time
  try {
    const items = await showMore(current);
    items[0]?.querySelector(".bulletin-teaser__title a")?.focus();
  } finally {
    moreButton.disabled = false;
  }
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
