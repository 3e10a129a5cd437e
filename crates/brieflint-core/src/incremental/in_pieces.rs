//! Per-item values (a block's findings, a block's label) kept one piece at a time.
//!
//! A keystroke in a 500-page response looked up thousands of blocks in the cache, one
//! entry each; every lookup followed pointers to memory the processor had not touched
//! since the last keystroke, and that was most of the keystroke's time. Here the items
//! of one piece of the document (`Structure::pieces`) share one entry, keyed by the
//! piece's text: a piece the edit left alone is found once, and its items are then read
//! in order from one vector. The edited piece computes its items again.
//!
//! An item's value must be a pure function of the item's text, its own inputs (`B`,
//! compared item by item) and the inputs shared by all items (`K`, part of the piece's
//! key): the same contract as `Cache::get_or_compute`. Equal piece texts mean equal item
//! texts at equal places, so a stored item is right whenever its inputs are equal too.

use super::{relative, Cache, Inputs, Keyed, Step, TextKey};
use std::ops::Range;
use std::sync::Arc;

/// The shared inputs of a piece's entry: a type of its own, so that a piece's entry is
/// never taken for an item's of the same step, text and inputs.
#[derive(Hash, PartialEq, Eq)]
struct ByPiece<K>(K);

/// One item of a piece: where it lies in the piece, its inputs and its value.
#[derive(Clone)]
struct Item<B, T> {
    range: Range<u32>,
    inputs: B,
    value: T,
}

/// The piece whose items are being read.
struct Group<B, T> {
    piece: Range<usize>,
    hash: u64,
    text: TextKey,
    /// The items an earlier analysis kept for this piece's text.
    found: Option<Arc<Vec<Item<B, T>>>>,
    /// Where the next item is looked for in `found`.
    next: usize,
    /// The items to keep for this piece, once one differs from `found` (or nothing was).
    fresh: Option<Vec<Item<B, T>>>,
}

/// Values of items (blocks, response units) read in document order, kept by piece. Items
/// not inside one piece, or asked for out of order, are kept one by one instead.
pub(crate) struct InPieces<'a, K, B, T>
where
    K: Inputs,
    B: Inputs + Clone,
    T: Clone + Send + Sync + 'static,
{
    cache: Option<&'a Cache>,
    step: Step,
    text: &'a str,
    pieces: &'a [Range<usize>],
    shared: Keyed<ByPiece<K>>,
    /// The index in `pieces` of the piece last read.
    at: usize,
    group: Option<Group<B, T>>,
}

impl<'a, K, B, T> InPieces<'a, K, B, T>
where
    K: Inputs,
    B: Inputs + Clone,
    T: Clone + Send + Sync + 'static,
{
    /// Items of `text` for `step`, with `shared` inputs, in `pieces` (sorted ranges).
    pub(crate) fn new(
        cache: Option<&'a Cache>,
        step: Step,
        text: &'a str,
        pieces: &'a [Range<usize>],
        shared: K,
    ) -> InPieces<'a, K, B, T> {
        InPieces {
            cache,
            step,
            text,
            pieces,
            shared: Keyed::new(ByPiece(shared)),
            at: 0,
            group: None,
        }
    }

    /// `read` of the value of the item at `item`: `compute()` (relative to the item's
    /// start), or the value an earlier analysis computed for the same text and inputs.
    /// `inputs` is only called with a cache.
    pub(crate) fn with<R>(
        &mut self,
        item: &Range<usize>,
        inputs: impl FnOnce() -> B,
        compute: impl FnOnce() -> T,
        read: impl FnOnce(&T) -> R,
    ) -> R {
        self.with_stored_inputs(item, inputs, compute, |value, _| read(value))
    }

    /// `with`, `read` also given the inputs an earlier analysis stored with the value when
    /// the value is that analysis's (equal to `inputs()`, perhaps not the same allocation).
    pub(crate) fn with_stored_inputs<R>(
        &mut self,
        item: &Range<usize>,
        inputs: impl FnOnce() -> B,
        compute: impl FnOnce() -> T,
        read: impl FnOnce(&T, Option<&B>) -> R,
    ) -> R {
        let Some(cache) = self.cache else {
            return read(&compute(), None);
        };
        let inputs = inputs();
        if !self.enter(cache, item) {
            // Across pieces, or out of order: kept by itself.
            let key = (self.shared.inputs.clone(), inputs);
            let value = cache.get_or_compute(self.step, &self.text[item.clone()], key, compute);
            return read(&value, None);
        }
        let group = self.group.as_mut().expect("entered a piece");
        let range = relative(item, group.piece.start);
        if let Some(found) = &group.found {
            // Stored items are in order: skip those not asked for this time.
            while found
                .get(group.next)
                .is_some_and(|i| i.range.start < range.start)
            {
                group.next += 1;
            }
            if let Some(stored) = found
                .get(group.next)
                .filter(|i| i.range == range && i.inputs == inputs)
            {
                group.next += 1;
                if let Some(fresh) = &mut group.fresh {
                    fresh.push(stored.clone());
                }
                return read(&stored.value, Some(&stored.inputs));
            }
        }
        let fresh = group.fresh.get_or_insert_with(|| {
            // The items before this one came from `found` and stay right.
            group.found.as_ref().map_or_else(Vec::new, |found| {
                found[..group.next.min(found.len())].to_vec()
            })
        });
        let value = compute();
        let answer = read(&value, None);
        fresh.push(Item {
            range,
            inputs,
            value,
        });
        answer
    }

    /// The value of the item at `item` (see `with`).
    pub(crate) fn get(
        &mut self,
        item: &Range<usize>,
        inputs: impl FnOnce() -> B,
        compute: impl FnOnce() -> T,
    ) -> T {
        self.with(item, inputs, compute, T::clone)
    }

    /// Makes the piece holding `item` the current group; false when no piece after the
    /// current one holds all of it.
    fn enter(&mut self, cache: &Cache, item: &Range<usize>) -> bool {
        if let Some(group) = &self.group {
            if group.piece.start <= item.start && item.end <= group.piece.end {
                return true;
            }
            if item.start < group.piece.start {
                return false;
            }
        }
        let mut at = self.at;
        while self.pieces.get(at).is_some_and(|p| p.end < item.end) {
            at += 1;
        }
        let Some(piece) = self.pieces.get(at).filter(|p| p.start <= item.start) else {
            return false;
        };
        self.finish();
        self.at = at;
        let (hash, text) = cache.key(self.step, self.shared.hash, &self.text[piece.clone()]);
        let found = cache.find(hash, self.step, &text, &*self.shared.inputs);
        self.group = Some(Group {
            piece: piece.clone(),
            hash,
            text,
            fresh: found.is_none().then(Vec::new),
            found,
            next: 0,
        });
        true
    }

    /// Keeps the current group's items if they changed.
    fn finish(&mut self) {
        let (Some(cache), Some(group)) = (self.cache, self.group.take()) else {
            return;
        };
        if let Some(fresh) = group.fresh {
            cache.insert(
                group.hash,
                self.step,
                group.text,
                self.shared.inputs.clone(),
                Arc::new(fresh),
            );
        }
    }
}

impl<K, B, V> InPieces<'_, K, B, Vec<(Range<usize>, V)>>
where
    K: Inputs,
    B: Inputs + Clone,
    V: Clone + Send + Sync + 'static,
{
    /// The ranges (each with a value) that `compute` finds in `item`: kept relative to
    /// the item's start, and moved back to where it is now.
    pub(crate) fn ranges(
        &mut self,
        item: &Range<usize>,
        inputs: impl FnOnce() -> B,
        compute: impl FnOnce() -> Vec<(Range<usize>, V)>,
    ) -> Vec<(Range<usize>, V)> {
        if self.cache.is_none() {
            return compute();
        }
        let base = item.start;
        self.with(
            item,
            inputs,
            || {
                compute()
                    .into_iter()
                    .map(|(r, value)| (r.start - base..r.end - base, value))
                    .collect()
            },
            |found| {
                found
                    .iter()
                    .map(|(r, value)| (r.start + base..r.end + base, value.clone()))
                    .collect()
            },
        )
    }
}

impl<K, B, T> Drop for InPieces<'_, K, B, T>
where
    K: Inputs,
    B: Inputs + Clone,
    T: Clone + Send + Sync + 'static,
{
    fn drop(&mut self) {
        // A compute that panicked leaves the piece's items unkept (and the cache usable).
        if !std::thread::panicking() {
            self.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// The blocks computed (not reused) while reading `blocks` of `text` in `pieces`,
    /// checking every value against a fresh computation.
    fn read(
        cache: &Cache,
        text: &str,
        pieces: &[Range<usize>],
        blocks: &[Range<usize>],
        shared: u32,
        salt: u32,
    ) -> Vec<String> {
        let mut computed = Vec::new();
        cache.begin(&Config::default(), text);
        {
            let mut items = InPieces::new(Some(cache), Step::Sentences, text, pieces, shared);
            for block in blocks {
                let body = &text[block.clone()];
                let value = items.with(
                    block,
                    || salt,
                    || {
                        computed.push(body.to_string());
                        format!("{body}{shared}")
                    },
                    |v| v.clone(),
                );
                assert_eq!(value, format!("{body}{shared}"));
            }
        }
        cache.end();
        computed
    }

    #[test]
    fn a_piece_the_edit_left_alone_is_read_back() {
        let cache = Cache::new();
        let text = "aa bb\ncc dd\n";
        let pieces = [0..6, 6..12];
        let blocks = [0..2, 3..5, 6..8, 9..11];
        assert_eq!(read(&cache, text, &pieces, &blocks, 1, 0).len(), 4);
        assert!(read(&cache, text, &pieces, &blocks, 1, 0).is_empty());
        // An insertion in the first piece: only its blocks are computed again.
        let text = "aax bb\ncc dd\n";
        let pieces = [0..7, 7..13];
        let blocks = [0..3, 4..6, 7..9, 10..12];
        assert_eq!(read(&cache, text, &pieces, &blocks, 1, 0), ["aax", "bb"]);
        // Other shared inputs: everything again.
        assert_eq!(read(&cache, text, &pieces, &blocks, 2, 0).len(), 4);
        // Fewer blocks asked for, then all again: the skipped one is still kept.
        assert!(read(&cache, text, &pieces, &[4..6, 10..12], 2, 0).is_empty());
        assert!(read(&cache, text, &pieces, &blocks, 2, 0).is_empty());
        // A block across pieces, and one asked for after a later piece: kept by
        // themselves (the block of the later piece is read from its piece's entry).
        let odd = [2..9, 7..9, 0..3];
        assert_eq!(read(&cache, text, &pieces, &odd, 2, 0), ["x bb\ncc", "aax"]);
        assert!(read(&cache, text, &pieces, &odd, 2, 0).is_empty());
    }

    #[test]
    fn an_item_whose_range_or_inputs_changed_is_computed_again() {
        let cache = Cache::new();
        let text = "a bb ccc";
        let pieces = [0..8];
        let blocks = [0..1, 2..4, 5..8];
        assert_eq!(read(&cache, text, &pieces, &blocks, 1, 0).len(), 3);
        // The same text, but "bb" is now asked for as "b".
        let fewer = [0..1, 2..3, 5..8];
        assert_eq!(read(&cache, text, &pieces, &fewer, 1, 0), ["b"]);
        assert!(read(&cache, text, &pieces, &fewer, 1, 0).is_empty());
        // The same items with other inputs of their own.
        assert_eq!(read(&cache, text, &pieces, &fewer, 1, 1).len(), 3);
        assert!(read(&cache, text, &pieces, &fewer, 1, 1).is_empty());
    }
}
