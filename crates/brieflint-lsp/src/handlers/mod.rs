//! One module per family of requests and notifications. Each takes the state it needs,
//! asks the core, and converts the answer to LSP types.

pub mod actions;
pub mod custom;
pub mod hover;
pub mod letter;
pub mod lifecycle;
pub mod navigation;
pub mod sync;

use crate::convert;
use crate::scheduler::{analyzed, Purpose, Snapshot};
use crate::session::{lock, State};
use brieflint_core::position::Encoding;
use std::sync::Mutex;
use tower_lsp::lsp_types::{Position, Url};

/// The snapshot of `uri`, analyzed, and the position encoding in use.
async fn snapshot_of(state: &Mutex<State>, uri: &Url) -> Option<(Snapshot, Encoding)> {
    let encoding = lock(state).encoding;
    analyzed(state, uri, Purpose::Request)
        .await
        .map(|snapshot| (snapshot, encoding))
}

/// The snapshot of `uri` and the byte offset of `position` in it.
async fn snapshot_at(
    state: &Mutex<State>,
    uri: &Url,
    position: Position,
) -> Option<(Snapshot, usize, Encoding)> {
    let (snapshot, encoding) = snapshot_of(state, uri).await?;
    let offset = convert::offset(&snapshot.rope, position, encoding);
    Some((snapshot, offset, encoding))
}
