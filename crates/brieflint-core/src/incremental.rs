//! Incremental re-analysis: results of pure per-block work kept between analyses of one
//! document, keyed by the exact text (and every other input) they were computed from.
//!
//! A keystroke changes one block of a 500-page filing; the sentences, objections and
//! findings of the other blocks are the same as last time, only at other offsets. Every
//! cached value is a pure function of its key and is stored relative to the start of the
//! text it was computed from, so reusing it gives exactly what computing it again would:
//! `tests/incremental.rs` checks that against a fresh analysis after random edits.
//!
//! Keys name their text exactly, never by a hash of it, so two different blocks can never
//! share a result. A text inside the document is named by where it lies (`TextKey::At`):
//! `begin` finds how much of the start and the end of the document the edit left as it
//! was, and a range there is the same text as the matching range of the previous
//! analysis, so it keeps that range's name. A keystroke then costs each cached step a hash
//! of two numbers, not a hash and a comparison of its block's text. Any other text is named
//! by itself (`TextKey::Text`). Entries not used by the latest analysis are dropped when
//! it ends, so the cache holds about one copy of the document. Work done block by block,
//! segment by segment or unit by unit is kept one piece at a time (`InPieces`), so that a
//! piece the edit left alone is one lookup, not one per item.

mod in_pieces;

pub(crate) use in_pieces::InPieces;
use rustc_hash::{FxHashMap, FxHasher};
use std::any::{Any, TypeId};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// What a cached value is the result of; part of every key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    /// `markdown`: a piece of a long document's structure.
    Markdown,
    /// `counting`: a piece of a long document's words, by block.
    WordCount,
    /// `matter`: the doctrines and terms of art a piece of a long document argues.
    ArgumentTerms,
    /// `matter`: the cases a piece of a long document cites by docket number.
    DocketCases,
    /// `definitions`: the uses of the defined terms in a piece of a long document.
    DefinitionUses,
    /// `definitions`: the defined terms, kept so that the next analysis with the same
    /// terms shares the list (its pieces' keys then compare by pointer).
    DefinedTerms,
    /// `discovery`: what a block's label (request, response, General Objections) says.
    BlockLabel,
    /// `discovery`: a response segment's sentences and which of them state objections.
    SegmentSentences,
    /// `discovery`: what a response segment agrees to, withholds and schedules.
    SegmentFacts,
    /// `sentences::split` of a block.
    Sentences,
    /// `foreign_claims`: whether a block or unit names a foreign law generically.
    NamesForeignLaw,
    /// `citations`: a piece of a long document's citations, before resolution.
    Citations,
    /// A rule's cached work, by the rule's code (each rule caches one kind of work: its
    /// findings in a block or a response unit, or what it needs to know of one).
    Rule(&'static str),
}

/// The inputs of a cached step besides its text: a `Hash`/`Eq` value holding exactly what
/// the step reads (say, the excluded ranges inside a block, relative to it). Two keys
/// are the same when their steps, texts and inputs are equal; the hash only finds them.
pub(crate) trait Inputs: Hash + Eq + Send + Sync + 'static {}

impl<T: Hash + Eq + Send + Sync + 'static> Inputs for T {}

/// Ranges relative to the start of the text they lie in: the usual extra input of a
/// cached step (the excluded ranges inside a block, citations, a unit's parts).
pub(crate) type Relative = Vec<Range<u32>>;

/// One cached value with everything it was computed from. Entries are kept in one flat
/// map, not in buckets of slots: each pointer a lookup follows is a likely miss in the
/// processor's cache. (Work done item by item keeps one entry per piece: `InPieces`.)
struct Entry {
    step: Step,
    text: TextKey,
    /// The other inputs, compared by `==` once downcast to their type; a piece's shared
    /// inputs are hashed once and shared by its entries (`Keyed`).
    inputs: Arc<dyn Any + Send + Sync>,
    value: Arc<dyn Any + Send + Sync>,
    generation: u64,
}

impl Entry {
    fn is<K: Inputs>(&self, step: Step, text: &TextKey, inputs: &K) -> bool {
        self.step == step && self.text == *text && self.inputs.downcast_ref::<K>() == Some(inputs)
    }
}

/// What names a key's text: equal keys always mean equal texts.
#[derive(PartialEq, Eq, Hash)]
enum TextKey {
    /// A text inside the document, by the name given to its range (`Texts`).
    At(u64),
    /// Any other text, compared in full.
    Text(Box<str>),
}

/// The names of the document's ranges that keys used, in this analysis and the previous
/// one. Two ranges share a name only when their texts are equal: a range of this
/// document takes the name of the previous document's range it matches in the part the
/// edit did not touch, or a new one.
#[derive(Default)]
struct Texts {
    /// Where the document being analyzed lies in memory (address and length), between
    /// `begin` and `end`: a key text inside it is one of its ranges.
    document: Option<(usize, usize)>,
    /// The previous document, and how many of its first and last bytes the current one
    /// shares (never overlapping, in either). Overwritten in place: a fresh copy of a
    /// long document each keystroke is a fresh mapping of pages, each faulted in.
    previous: String,
    /// The previous document's length (`previous` holds the current one once `begin`
    /// has compared them).
    previous_length: usize,
    same_start: usize,
    same_end: usize,
    before: FxHashMap<(u32, u32), u64>,
    now: FxHashMap<(u32, u32), u64>,
    next: u64,
}

impl Texts {
    /// Starts an analysis of `text`.
    fn begin(&mut self, text: &str) {
        let (old, new) = (self.previous.as_bytes(), text.as_bytes());
        self.same_start = common_prefix(old, new);
        let rest = old.len().min(new.len()) - self.same_start;
        self.same_end = common_suffix(&old[old.len() - rest..], &new[new.len() - rest..]);
        // Ranges are kept as `u32` (documents are at most a few megabytes); a longer text
        // is named by itself.
        self.document = u32::try_from(text.len())
            .is_ok()
            .then(|| (text.as_ptr() as usize, text.len()));
        self.before = std::mem::take(&mut self.now);
        self.now.reserve(self.before.len());
        self.previous_length = old.len();
        // Unchanged when every byte is shared: the comparison above already said so.
        if self.same_start != old.len() || old.len() != new.len() {
            self.previous.clear();
            self.previous.push_str(text);
        }
    }

    fn end(&mut self) {
        self.document = None;
    }

    /// Whether `text` is the document being analyzed (not a copy, nor a part of it).
    fn is_document(&self, text: &str) -> bool {
        self.document == Some((text.as_ptr() as usize, text.len()))
    }

    fn forget(&mut self) {
        *self = Texts::default();
    }

    /// The name of `text`: its range's when it lies inside the document.
    fn key(&mut self, text: &str) -> TextKey {
        let Some((address, length)) = self.document else {
            return TextKey::Text(text.into());
        };
        let start = (text.as_ptr() as usize).wrapping_sub(address);
        if start > length || length - start < text.len() {
            return TextKey::Text(text.into());
        }
        let end = start + text.len();
        let range = (start as u32, end as u32);
        if let Some(&name) = self.now.get(&range) {
            return TextKey::At(name);
        }
        let old_length = self.previous_length;
        let before = if end <= self.same_start {
            Some(range)
        } else if start >= length - self.same_end {
            let shift = |at: usize| (at + old_length - length) as u32;
            Some((shift(start), shift(end)))
        } else {
            None
        };
        let name = match before.and_then(|r| self.before.get(&r)) {
            Some(&name) => name,
            None => {
                self.next += 1;
                self.next
            }
        };
        self.now.insert(range, name);
        TextKey::At(name)
    }
}

/// How many first bytes `a` and `b` share.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const STRIDE: usize = 1024;
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + STRIDE <= n && a[at..at + STRIDE] == b[at..at + STRIDE] {
        at += STRIDE;
    }
    at + a[at..n]
        .iter()
        .zip(&b[at..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many last bytes `a` and `b` share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const STRIDE: usize = 1024;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut shared = 0;
    while shared + STRIDE <= n
        && a[n - shared - STRIDE..n - shared] == b[n - shared - STRIDE..n - shared]
    {
        shared += STRIDE;
    }
    shared
        + a[..n - shared]
            .iter()
            .rev()
            .zip(b[..n - shared].iter().rev())
            .take_while(|(x, y)| x == y)
            .count()
}

#[derive(Default)]
struct Inner {
    /// By the hash of (step, type of inputs, inputs, text's key). A lookup compares
    /// everything; two keys with the same hash (never seen) keep only the latest value.
    entries: FxHashMap<u64, Entry>,
    texts: Texts,
    generation: u64,
    /// The configuration the cached values were computed with, compared by `==`.
    config: Option<Box<dyn Any + Send>>,
    /// Where the analysis of generation `.0` cut the document into pieces
    /// (`markdown::pieces`).
    pieces: Option<(u64, PieceCuts)>,
    hits: u64,
    misses: u64,
}

/// The reusable results of one document's earlier analyses. Create one per open
/// document and pass it to every analysis of that document (`analyze_incremental`).
#[derive(Default)]
pub struct Cache {
    /// Locked only for a lookup or an insertion, never while a value is computed: the
    /// two threads of a long document's analysis (`parallel`) share the cache.
    inner: Mutex<Inner>,
}

/// How much of the last analysis was reused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
}

/// Where a document was cut into pieces of at least `min_bytes` (`markdown::pieces`):
/// the start of every piece after the first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PieceCuts {
    pub(crate) min_bytes: usize,
    pub(crate) cuts: Vec<usize>,
}

/// The previous analysis's pieces, with how it differs from this one.
pub(crate) struct PreviousPieces {
    pub(crate) cuts: PieceCuts,
    /// The previous document's length.
    pub(crate) length: usize,
    /// How many first and last bytes the two documents share (never overlapping).
    pub(crate) same_start: usize,
    pub(crate) same_end: usize,
}

/// A step's inputs hashed once, to be looked up for many texts and shared by their
/// entries (`InPieces`: the shared inputs of every piece).
pub(crate) struct Keyed<K> {
    inputs: Arc<K>,
    hash: u64,
}

impl<K: Inputs> Keyed<K> {
    pub(crate) fn new(inputs: K) -> Keyed<K> {
        Keyed {
            hash: inputs_hash(&inputs),
            inputs: Arc::new(inputs),
        }
    }
}

fn inputs_hash<K: Inputs>(inputs: &K) -> u64 {
    let mut hasher = FxHasher::default();
    TypeId::of::<K>().hash(&mut hasher);
    inputs.hash(&mut hasher);
    hasher.finish()
}

fn key_hash(step: Step, inputs_hash: u64, text: &TextKey) -> u64 {
    let mut hasher = FxHasher::default();
    step.hash(&mut hasher);
    inputs_hash.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// The cache's contents, locked. A panic elsewhere while they were locked (none is
    /// known: nothing but the map's own code runs under the lock) leaves them usable.
    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts an analysis of `text` with `config`: entries used from now on are kept by
    /// `end`. A cached step may read the configuration (BL101 reads the configured
    /// phrases), so a different one (by `==`) empties the cache. (Generic, so that this
    /// module needs no configuration type.)
    pub(crate) fn begin<C: PartialEq + Clone + Send + 'static>(&self, config: &C, text: &str) {
        let mut inner = self.inner();
        let same = inner
            .config
            .as_ref()
            .and_then(|c| c.downcast_ref::<C>())
            .is_some_and(|c| c == config);
        if !same {
            inner.entries.clear();
            inner.config = Some(Box::new(config.clone()));
            inner.texts.forget();
            inner.pieces = None;
        }
        inner.texts.begin(text);
        inner.generation += 1;
        inner.hits = 0;
        inner.misses = 0;
    }

    /// Ends an analysis: drops every entry it did not use.
    pub(crate) fn end(&self) {
        let inner = &mut *self.inner();
        inner.texts.end();
        let generation = inner.generation;
        inner
            .entries
            .retain(|_, entry| entry.generation == generation);
    }

    /// The pieces the previous analysis cut the document in (taken: `keep_pieces` gives
    /// this analysis's back), if that analysis was the one just before this and kept
    /// them, and `text` is the document this analysis began with.
    pub(crate) fn previous_pieces(&self, text: &str) -> Option<PreviousPieces> {
        let inner = &mut *self.inner();
        let (generation, cuts) = inner.pieces.take()?;
        (generation + 1 == inner.generation && inner.texts.is_document(text)).then(|| {
            PreviousPieces {
                cuts,
                length: inner.texts.previous_length,
                same_start: inner.texts.same_start,
                same_end: inner.texts.same_end,
            }
        })
    }

    /// Keeps where this analysis cut `text`, the document it began with, for the next
    /// analysis (`previous_pieces`).
    pub(crate) fn keep_pieces(&self, text: &str, cuts: PieceCuts) {
        let inner = &mut *self.inner();
        if inner.texts.is_document(text) {
            inner.pieces = Some((inner.generation, cuts));
        }
    }

    pub fn stats(&self) -> Stats {
        let inner = self.inner();
        Stats {
            hits: inner.hits,
            misses: inner.misses,
            entries: inner.entries.len(),
        }
    }

    /// The value `compute` gives for `text` and `inputs`, from an earlier analysis when
    /// one computed it. `compute` must be a pure function of `step`, `text` and `inputs`,
    /// and its result must not hold absolute offsets.
    pub(crate) fn get_or_compute<K: Inputs, T: Any + Send + Sync>(
        &self,
        step: Step,
        text: &str,
        inputs: K,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let (hash, text) = self.key(step, inputs_hash(&inputs), text);
        if let Some(value) = self.find(hash, step, &text, &inputs) {
            return value;
        }
        // Computed outside the borrow: a rule that panics leaves the cache usable.
        let value = Arc::new(compute());
        self.insert(hash, step, text, Arc::new(inputs), value.clone());
        value
    }

    /// The key of `text` for `step` with inputs of hash `inputs`, and its hash.
    fn key(&self, step: Step, inputs: u64, text: &str) -> (u64, TextKey) {
        let text = self.inner().texts.key(text);
        (key_hash(step, inputs, &text), text)
    }

    /// The value kept for the key and step, marked as used by this analysis.
    fn find<K: Inputs, T: Any + Send + Sync>(
        &self,
        hash: u64,
        step: Step,
        text: &TextKey,
        inputs: &K,
    ) -> Option<Arc<T>> {
        let inner = &mut *self.inner();
        let generation = inner.generation;
        let found = inner
            .entries
            .get_mut(&hash)
            .filter(|entry| entry.is(step, text, inputs))
            .and_then(|entry| {
                let value = Arc::clone(&entry.value).downcast::<T>().ok()?;
                entry.generation = generation;
                Some(value)
            });
        match found {
            Some(_) => inner.hits += 1,
            None => inner.misses += 1,
        }
        found
    }

    /// Keeps `value` for the key and step, in place of whatever had the same hash.
    fn insert<K: Inputs, T: Any + Send + Sync>(
        &self,
        hash: u64,
        step: Step,
        text: TextKey,
        inputs: Arc<K>,
        value: Arc<T>,
    ) {
        let inner = &mut *self.inner();
        let generation = inner.generation;
        inner.entries.insert(
            hash,
            Entry {
                step,
                text,
                inputs,
                value,
                generation,
            },
        );
    }
}

/// `compute()` through `cache` when there is one; a full analysis has none and computes
/// directly (and builds no inputs).
pub(crate) fn reuse<K: Inputs, T: Any + Send + Sync>(
    cache: Option<&Cache>,
    step: Step,
    text: &str,
    inputs: impl FnOnce() -> K,
    compute: impl FnOnce() -> T,
) -> Arc<T> {
    match cache {
        Some(cache) => cache.get_or_compute(step, text, inputs(), compute),
        None => Arc::new(compute()),
    }
}

/// The ranges (each with a value) that `compute` finds in `text[within]`, through `cache`
/// when there is one: kept relative to `within`'s start and moved back to where that text
/// is now. `inputs` gives the step's other inputs; it is only called with a cache.
pub(crate) fn reuse_ranges<K: Inputs, T: Clone + Send + Sync + 'static>(
    cache: Option<&Cache>,
    step: Step,
    text: &str,
    within: &Range<usize>,
    inputs: impl FnOnce() -> K,
    compute: impl FnOnce() -> Vec<(Range<usize>, T)>,
) -> Vec<(Range<usize>, T)> {
    let Some(cache) = cache else {
        return compute();
    };
    let base = within.start;
    cache
        .get_or_compute(step, &text[within.clone()], inputs(), || {
            compute()
                .into_iter()
                .map(|(r, value)| (r.start - base..r.end - base, value))
                .collect::<Vec<_>>()
        })
        .iter()
        .map(|(r, value)| (r.start + base..r.end + base, value.clone()))
        .collect()
}

/// `range` relative to `base`, for a key.
pub(crate) fn relative(range: &Range<usize>, base: usize) -> Range<u32> {
    (range.start - base) as u32..(range.end - base) as u32
}

/// The parts of sorted, non-overlapping `ranges` that can touch a range inside `within`
/// (an empty range at its end touches a region starting there), relative to its start.
pub(crate) fn relative_ranges(ranges: &[Range<usize>], within: &Range<usize>) -> Relative {
    let first = ranges.partition_point(|r| r.end <= within.start);
    let mut out = Vec::new();
    for r in &ranges[first..] {
        if r.start > within.end {
            break;
        }
        let start = r.start.max(within.start) - within.start;
        let end = r.end.min(within.end + 1) - within.start;
        out.push(start as u32..end as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn reuses_by_exact_text_and_inputs_and_drops_unused_entries() {
        let cache = Cache::new();
        let mut calls = 0;
        let config = Config::default();
        cache.begin(&config, "");
        let a = cache.get_or_compute(Step::Sentences, "one. Two.", (), || {
            calls += 1;
            1u32
        });
        let b = cache.get_or_compute(Step::Sentences, "one. Two.", (), || {
            calls += 1;
            2u32
        });
        assert_eq!((*a, *b, calls), (1, 1, 1));
        // Other inputs (of another type, or another value), another step or another rule:
        // another entry each.
        let c = cache.get_or_compute(Step::Sentences, "one. Two.", 3u32, || 3u32);
        let d = cache.get_or_compute(Step::Sentences, "one. Two.", 4u32, || 4u32);
        let e = cache.get_or_compute(Step::BlockLabel, "one. Two.", (), || 5u32);
        let f = cache.get_or_compute(Step::Rule("BL105"), "one. Two.", (), || 6u32);
        let g = cache.get_or_compute(Step::Rule("BL401"), "one. Two.", (), || 7u32);
        assert_eq!((*c, *d, *e, *f, *g), (3, 4, 5, 6, 7));
        cache.end();
        assert_eq!(cache.stats().entries, 6);
        cache.begin(&config, "");
        let _ = cache.get_or_compute(Step::Sentences, "one. Two.", (), || 9u32);
        cache.end();
        assert_eq!(cache.stats().entries, 1);
        assert_eq!(cache.stats().hits, 1);
        // A different configuration empties the cache.
        let other = Config::from_toml("court = \"N.D. Ill.\"\n").unwrap();
        cache.begin(&other, "");
        assert_eq!(cache.stats().entries, 0);
    }

    /// The previous analysis's piece cuts are given only to the analysis right after it,
    /// for the document it began with, with how the two documents differ.
    #[test]
    fn piece_cuts_are_kept_for_the_next_analysis_of_the_document() {
        let config = crate::config::Config::default();
        let cache = Cache::new();
        let cuts = |cuts: Vec<usize>| PieceCuts { min_bytes: 1, cuts };
        let first = "One.\n\nTwo.\n\nThree.\n".to_string();
        cache.begin(&config, &first);
        assert!(cache.previous_pieces(&first).is_none());
        cache.keep_pieces(&first, cuts(vec![6, 12]));
        cache.end();
        let second = "One.\n\nTwo!\n\nThree.\n".to_string();
        cache.begin(&config, &second);
        // A copy of the document is not the document.
        assert!(cache.previous_pieces(&second.clone()).is_none());
        cache.keep_pieces(&second, cuts(vec![6, 12]));
        cache.end();
        let third = "One.\n\nTwo!!\n\nThree.\n".to_string();
        cache.begin(&config, &third);
        let previous = cache
            .previous_pieces(&third)
            .expect("kept by the last analysis");
        assert_eq!(previous.cuts, cuts(vec![6, 12]));
        assert_eq!(
            (previous.length, previous.same_start, previous.same_end),
            (19, 10, 9)
        );
        // Taken: a second reading in the same analysis gets none.
        assert!(cache.previous_pieces(&third).is_none());
        cache.end();
        // An analysis that kept nothing leaves nothing for the next.
        cache.begin(&config, &first);
        assert!(cache.previous_pieces(&first).is_none());
        cache.end();
    }

    /// A range the edit did not touch keeps its entries, wherever it moved; one that
    /// holds the edit is computed again; a text outside the document is keyed by itself.
    #[test]
    fn texts_inside_the_document_are_named_by_where_they_lie() {
        let cache = Cache::new();
        let config = Config::default();
        // The blocks computed (not reused) by an analysis of `text`.
        let analyze = |text: &str, ranges: &[Range<usize>]| {
            let mut computed = Vec::new();
            cache.begin(&config, text);
            for r in ranges {
                let block = &text[r.clone()];
                let value = cache.get_or_compute(Step::Sentences, block, (), || {
                    computed.push(block.to_string());
                    block.to_string()
                });
                assert_eq!(*value, block);
            }
            cache.end();
            computed
        };
        assert_eq!(analyze("one. two. three.", &[0..4, 5..9, 10..16]).len(), 3);
        // An insertion in the middle: the first and last blocks are reused.
        assert_eq!(
            analyze("one. twoo. three.", &[0..4, 5..10, 11..17]),
            ["twoo."]
        );
        // The same range now holds other text.
        assert_eq!(analyze("one. two. three.", &[0..4, 5..9, 10..16]), ["two."]);
        // Nothing changed: everything reused.
        assert!(analyze("one. two. three.", &[0..4, 5..9, 10..16]).is_empty());
        // A deletion: what is left is reused.
        assert_eq!(
            analyze("one. six. ten.", &[0..4, 5..9, 10..14]),
            ["six.", "ten."]
        );
        assert!(analyze("one. ten.", &[0..4, 5..9]).is_empty());
        // A text outside the document is named by itself.
        cache.begin(&config, "one.");
        let before = cache.stats().misses;
        cache.get_or_compute(Step::Sentences, "three.", (), || "three.".to_string());
        assert_eq!(cache.stats().misses, before + 1);
        let owned = String::from("three.");
        cache.get_or_compute(Step::Sentences, &owned, (), || -> String { unreachable!() });
        assert_eq!(cache.stats().misses, before + 1);
        cache.end();
    }

    #[test]
    fn common_ends_are_found_across_strides() {
        let a = "x".repeat(5000);
        let mut b = a.clone();
        b.insert(2500, 'y');
        assert_eq!(common_prefix(a.as_bytes(), b.as_bytes()), 2500);
        assert_eq!(common_suffix(a.as_bytes(), b.as_bytes()), 2500);
        assert_eq!(
            common_suffix(&a.as_bytes()[2500..], &b.as_bytes()[2501..]),
            2500
        );
        assert_eq!(common_prefix(b"abc", b"abd"), 2);
        assert_eq!(common_suffix(b"", b"abd"), 0);
    }

    #[test]
    fn relative_ranges_clip_to_the_window() {
        let ranges = vec![0..2, 5..8, 9..12, 20..25];
        assert_eq!(relative_ranges(&ranges, &(6..10)), vec![0..2, 3..5]);
        assert_eq!(relative_ranges(&ranges, &(12..20)), vec![8..9]);
        assert_eq!(relative_ranges(&ranges, &(13..19)), Relative::new());
        assert_eq!(
            relative_ranges(&ranges, &(0..30)),
            vec![0..2, 5..8, 9..12, 20..25]
        );
    }
}
