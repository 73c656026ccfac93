//! All state of the app that is not in the URL: one reducer, changed only through [`Action`].
//!
//! The route (which section, which query, which plan) lives in the URL hash; this state holds what
//! the user is doing on the current screen.
//! [`State::reduce`] is pure, so it is tested natively.

use std::rc::Rc;

use yew::Reducible;

/// The app state, handed by the app root to the components that need it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The text in the search box.
    pub query: String,
    /// The index of the highlighted search result, for the arrow keys.
    pub active: usize,
    /// Whether the table of contents is open on narrow screens.
    pub menu_open: bool,
}

/// Everything that changes [`State`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The search text changed; the highlight goes back to the first result.
    SetQuery(String),
    /// Move the highlight by `delta` results among `count`, wrapping around at both ends.
    MoveActive { delta: isize, count: usize },
    /// Open or close the table of contents on narrow screens.
    ToggleMenu,
    /// Close the table of contents, for example after following a link in it.
    CloseMenu,
}

impl State {
    /// The state after `action`; pure.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::SetQuery(query) => {
                if query != next.query {
                    next.active = 0;
                }
                next.query = query;
            }
            Action::MoveActive { delta, count } => {
                next.active = move_index(self.active, delta, count);
            }
            Action::ToggleMenu => next.menu_open = !next.menu_open,
            Action::CloseMenu => next.menu_open = false,
        }
        next
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// Moves `index` by `delta` among `count` items, wrapping around; 0 when there are no items.
fn move_index(index: usize, delta: isize, count: usize) -> usize {
    let Ok(count_signed) = isize::try_from(count) else {
        return 0;
    };
    if count_signed == 0 {
        return 0;
    }
    let current = isize::try_from(index.min(count - 1)).unwrap_or(0);
    let moved = (current + delta % count_signed).rem_euclid(count_signed);
    usize::try_from(moved).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: impl IntoIterator<Item = Action>) -> State {
        actions
            .into_iter()
            .fold(State::default(), |state, action| state.apply(action))
    }

    #[test]
    fn typing_sets_the_query_and_resets_the_highlight() {
        let state = after([
            Action::SetQuery("c10".into()),
            Action::MoveActive { delta: 2, count: 5 },
            Action::SetQuery("c1037".into()),
        ]);
        assert_eq!(state.query, "c1037");
        assert_eq!(state.active, 0);
    }

    #[test]
    fn setting_the_same_query_keeps_the_highlight() {
        let state = after([
            Action::SetQuery("event".into()),
            Action::MoveActive { delta: 1, count: 3 },
            Action::SetQuery("event".into()),
        ]);
        assert_eq!(state.active, 1);
    }

    #[test]
    fn the_highlight_wraps_at_both_ends() {
        let down = |count| Action::MoveActive { delta: 1, count };
        let up = |count| Action::MoveActive { delta: -1, count };
        assert_eq!(after([up(3)]).active, 2);
        assert_eq!(after([down(3), down(3), down(3)]).active, 0);
        assert_eq!(after([down(3), down(3), up(3)]).active, 1);
    }

    #[test]
    fn the_highlight_stays_at_zero_without_results() {
        assert_eq!(after([Action::MoveActive { delta: 1, count: 0 }]).active, 0);
        assert_eq!(after([Action::MoveActive { delta: -7, count: 0 }]).active, 0);
    }

    #[test]
    fn a_highlight_past_a_shrunken_list_is_pulled_back() {
        let state = after([
            Action::MoveActive { delta: 4, count: 5 },
            Action::MoveActive { delta: 0, count: 2 },
        ]);
        assert_eq!(state.active, 1);
    }

    #[test]
    fn large_steps_wrap() {
        assert_eq!(after([Action::MoveActive { delta: 11, count: 4 }]).active, 3);
        assert_eq!(
            after([Action::MoveActive {
                delta: isize::MIN,
                count: 3
            }])
            .active,
            1
        );
    }

    #[test]
    fn the_menu_toggles_and_closes() {
        assert!(after([Action::ToggleMenu]).menu_open);
        assert!(!after([Action::ToggleMenu, Action::ToggleMenu]).menu_open);
        assert!(!after([Action::ToggleMenu, Action::CloseMenu]).menu_open);
    }
}
