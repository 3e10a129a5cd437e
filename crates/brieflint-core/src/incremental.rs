//! Incremental re-analysis: results of pure per-block work kept between analyses of one
//! document, keyed by the exact text (and every other input) they were computed from.
//!
//! A keystroke changes one block of a 500-page filing; the sentences, objections and
//! findings of the other blocks are the same as last time, only at other offsets. Every
//! cached value is a pure function of its key and is stored relative to the start of the
//! text it was computed from, so reusing it gives exactly what computing it again would:
//! `tests/incremental.rs` checks that against a fresh analysis after random edits.
//!
//! Keys hold the text itself, not a hash of it, so two different blocks can never share
//! a result. Entries not used by the latest analysis are dropped when it ends, so the
//! cache holds about one copy of the document.

use rustc_hash::FxHashMap;
use std::any::Any;
use std::cell::RefCell;
use std::sync::Arc;

/// What a cached value is the result of; part of every key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Work {
    /// `discovery`: what a block's label (request, response, General Objections) says.
    BlockLabel = 1,
    /// `discovery`: a response segment's sentences and which of them state objections.
    SegmentSentences,
    /// `discovery`: what a response segment agrees to, withholds and schedules.
    SegmentFacts,
    /// `sentences::split` of a block.
    Sentences,
    /// BL105's findings in one block.
    ObsoleteStandard,
    /// BL601's candidate abbreviations in one block.
    UndefinedTermCandidates,
    /// BL301: whether a block or a response unit names a foreign law in general terms.
    NamesALaw,
    /// BL401's blanket designations in one block.
    BlanketDesignations,
    /// BL101's findings in one response unit.
    BoilerplateObjection,
    /// BL107's findings in one response unit.
    PrivilegeWithoutLog,
}

struct Slot {
    value: Arc<dyn Any + Send + Sync>,
    generation: u64,
}

#[derive(Default)]
struct Inner {
    slots: FxHashMap<Box<[u8]>, Slot>,
    generation: u64,
    key: Vec<u8>,
    /// The configuration the cached values were computed with, compared by `==`.
    config: Option<Box<dyn Any + Send>>,
    hits: u64,
    misses: u64,
}

/// The reusable results of one document's earlier analyses. Create one per open
/// document and pass it to every analysis of that document (`analyze_incremental`).
#[derive(Default)]
pub struct Cache {
    inner: RefCell<Inner>,
}

/// How much of the last analysis was reused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Starts an analysis with `config`: entries used from now on are kept by `end`.
    /// Some cached findings depend on the configuration, so a different one (by `==`)
    /// empties the cache. (Generic, so that this module needs no configuration type.)
    pub(crate) fn begin<C: PartialEq + Clone + Send + 'static>(&self, config: &C) {
        let mut inner = self.inner.borrow_mut();
        let same = inner
            .config
            .as_ref()
            .and_then(|c| c.downcast_ref::<C>())
            .is_some_and(|c| c == config);
        if !same {
            inner.slots.clear();
            inner.config = Some(Box::new(config.clone()));
        }
        inner.generation += 1;
        inner.hits = 0;
        inner.misses = 0;
    }

    /// Ends an analysis: drops every entry it did not use.
    pub(crate) fn end(&self) {
        let mut inner = self.inner.borrow_mut();
        let generation = inner.generation;
        inner.slots.retain(|_, slot| slot.generation == generation);
    }

    pub fn stats(&self) -> Stats {
        let inner = self.inner.borrow();
        Stats {
            hits: inner.hits,
            misses: inner.misses,
            entries: inner.slots.len(),
        }
    }

    /// The value `compute` gives for `text` and `extra`, from an earlier analysis when
    /// one computed it. `compute` must be a pure function of `work`, `text` and `extra`,
    /// and its result must not hold absolute offsets.
    pub(crate) fn get_or_compute<T: Any + Send + Sync>(
        &self,
        work: Work,
        text: &str,
        extra: &[u32],
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        {
            let inner = &mut *self.inner.borrow_mut();
            let generation = inner.generation;
            inner.key.clear();
            inner.key.push(work as u8);
            inner
                .key
                .extend_from_slice(&(extra.len() as u32).to_le_bytes());
            for value in extra {
                inner.key.extend_from_slice(&value.to_le_bytes());
            }
            inner.key.extend_from_slice(text.as_bytes());
            if let Some(slot) = inner.slots.get_mut(inner.key.as_slice()) {
                if let Ok(value) = Arc::clone(&slot.value).downcast::<T>() {
                    slot.generation = generation;
                    inner.hits += 1;
                    return value;
                }
            }
            inner.misses += 1;
        }
        // Computed outside the borrow: a rule that panics leaves the cache usable.
        let value = Arc::new(compute());
        let inner = &mut *self.inner.borrow_mut();
        let generation = inner.generation;
        let key: Box<[u8]> = inner.key.as_slice().into();
        inner.slots.insert(
            key,
            Slot {
                value: value.clone(),
                generation,
            },
        );
        value
    }
}

/// `compute()` through `cache` when there is one; a full analysis has none and computes
/// directly.
pub(crate) fn reuse<T: Any + Send + Sync>(
    cache: Option<&Cache>,
    work: Work,
    text: &str,
    extra: &[u32],
    compute: impl FnOnce() -> T,
) -> Arc<T> {
    match cache {
        Some(cache) => cache.get_or_compute(work, text, extra, compute),
        None => Arc::new(compute()),
    }
}

/// The ranges (each with a value) that `compute` finds in `text[within]`, through `cache`
/// when there is one: kept relative to `within`'s start and moved back to where that text
/// is now. `extra` gives the other inputs of the key; it is only called with a cache.
pub(crate) fn reuse_ranges<T: Clone + Send + Sync + 'static>(
    cache: Option<&Cache>,
    work: Work,
    text: &str,
    within: &std::ops::Range<usize>,
    extra: impl FnOnce() -> Vec<u32>,
    compute: impl FnOnce() -> Vec<(std::ops::Range<usize>, T)>,
) -> Vec<(std::ops::Range<usize>, T)> {
    let Some(cache) = cache else {
        return compute();
    };
    let base = within.start;
    cache
        .get_or_compute(work, &text[within.clone()], &extra(), || {
            compute()
                .into_iter()
                .map(|(r, value)| (r.start - base..r.end - base, value))
                .collect::<Vec<_>>()
        })
        .iter()
        .map(|(r, value)| (r.start + base..r.end + base, value.clone()))
        .collect()
}

/// The parts of sorted, non-overlapping `ranges` that can touch a range inside `within`
/// (an empty range at its end touches a region starting there), relative to its start and
/// flattened for a key (`[start, end, start, end, ...]`).
pub(crate) fn relative_ranges(
    ranges: &[std::ops::Range<usize>],
    within: &std::ops::Range<usize>,
) -> Vec<u32> {
    let first = ranges.partition_point(|r| r.end <= within.start);
    let mut out = Vec::new();
    for r in &ranges[first..] {
        if r.start > within.end {
            break;
        }
        let start = r.start.max(within.start) - within.start;
        let end = r.end.min(within.end + 1) - within.start;
        out.push(start as u32);
        out.push(end as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn reuses_by_exact_text_and_drops_unused_entries() {
        let cache = Cache::new();
        let mut calls = 0;
        let config = Config::default();
        cache.begin(&config);
        let a = cache.get_or_compute(Work::Sentences, "one. Two.", &[], || {
            calls += 1;
            1u32
        });
        let b = cache.get_or_compute(Work::Sentences, "one. Two.", &[], || {
            calls += 1;
            2u32
        });
        assert_eq!((*a, *b, calls), (1, 1, 1));
        // Other extra inputs or other work: another entry.
        let c = cache.get_or_compute(Work::Sentences, "one. Two.", &[3], || 3u32);
        let d = cache.get_or_compute(Work::BlockLabel, "one. Two.", &[], || 4u32);
        assert_eq!((*c, *d), (3, 4));
        cache.end();
        assert_eq!(cache.stats().entries, 3);
        cache.begin(&config);
        let _ = cache.get_or_compute(Work::Sentences, "one. Two.", &[], || 9u32);
        cache.end();
        assert_eq!(cache.stats().entries, 1);
        assert_eq!(cache.stats().hits, 1);
    }

    #[test]
    fn relative_ranges_clip_to_the_window() {
        let ranges = vec![0..2, 5..8, 9..12, 20..25];
        assert_eq!(relative_ranges(&ranges, &(6..10)), vec![0, 2, 3, 5]);
        assert_eq!(relative_ranges(&ranges, &(12..20)), vec![8, 9]);
        assert_eq!(relative_ranges(&ranges, &(13..19)), Vec::<u32>::new());
        assert_eq!(
            relative_ranges(&ranges, &(0..30)),
            vec![0, 2, 5, 8, 9, 12, 20, 25]
        );
    }
}
