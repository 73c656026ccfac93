//! Element builders for the views: a smaller alternative to `html!` in the WebAssembly module.
//!
//! Yew's `html!` writes out every element's construction at the place it is used: the tag, a
//! node reference, every attribute and listener slot and the list of children, all set field by
//! field. [`El`] builds the same element through a few shared functions, so that each use costs
//! only the calls it makes: about 100 bytes of code less per element (web/SIZE.md).
//!
//! The elements built here are the same as the `html!` ones: the same tag, attributes,
//! listeners, children and key. Only their attributes are kept in a map rather than a fixed
//! list, which Yew compares key by key when it renders again.

use std::rc::Rc;

use yew::html::{onchange, onclick, ondragend, ondragover, ondragstart, ondrop, oninput, onkeydown, onsubmit};
use yew::prelude::*;
use yew::virtual_dom::{Key, Listener, VList, VNode, VTag, VText};

/// An element being built; [`El::html`] finishes it.
///
/// The tag is boxed so that each builder call moves a pointer, not the whole tag.
#[must_use]
pub struct El(Box<VTag>);

impl El {
    /// A new element with this tag name.
    #[inline(never)]
    pub fn new(tag: &'static str) -> Self {
        El(Box::new(VTag::new(AttrValue::Static(tag))))
    }

    /// A new element with this tag name and class list.
    #[inline(never)]
    pub fn with_class(tag: &'static str, class: &'static str) -> Self {
        El::new(tag).attr("class", AttrValue::Static(class))
    }

    /// Sets an attribute.
    #[inline(never)]
    pub fn attr(mut self, key: &'static str, value: AttrValue) -> Self {
        self.0.add_attribute(key, value);
        self
    }

    /// Sets an attribute with a fixed value.
    pub fn set(self, key: &'static str, value: &'static str) -> Self {
        self.attr(key, AttrValue::Static(value))
    }

    /// Sets an attribute to text made at run time.
    pub fn set_string(self, key: &'static str, value: String) -> Self {
        self.attr(key, AttrValue::from(value))
    }

    /// Sets an attribute when there is a value, as `html!` does with an `Option`.
    #[inline(never)]
    pub fn attr_opt(self, key: &'static str, value: Option<AttrValue>) -> Self {
        match value {
            Some(value) => self.attr(key, value),
            None => self,
        }
    }

    /// Sets a boolean attribute (such as `disabled`) when `on` holds.
    #[inline(never)]
    pub fn flag(self, key: &'static str, on: bool) -> Self {
        if on { self.attr(key, AttrValue::Static(key)) } else { self }
    }

    /// Sets the value of an `input` or `textarea`, which Yew keeps as the element's property.
    #[inline(never)]
    pub fn value(mut self, value: AttrValue) -> Self {
        self.0.set_value(value);
        self
    }

    /// Sets whether a check box is ticked, which Yew keeps as the element's property.
    #[inline(never)]
    pub fn checked(mut self, checked: bool) -> Self {
        self.0.set_checked(checked);
        self
    }

    /// Sets the element's key, which Yew uses to match it across renders.
    #[inline(never)]
    pub fn key(mut self, key: String) -> Self {
        self.0.key = Some(Key::from(key));
        self
    }

    /// Adds a child.
    #[inline(never)]
    pub fn child(mut self, child: Html) -> Self {
        self.0.add_child(child);
        self
    }

    /// Adds fixed text as a child.
    pub fn text(self, text: &'static str) -> Self {
        self.child(VNode::VText(VText::new(AttrValue::Static(text))))
    }

    /// Adds text made at run time as a child.
    pub fn string(self, text: String) -> Self {
        self.child(VNode::VText(VText::new(AttrValue::from(text))))
    }

    /// Adds every child of a list.
    #[inline(never)]
    pub fn children(mut self, children: Vec<Html>) -> Self {
        self.0.add_children(children);
        self
    }

    #[inline(never)]
    fn listen(mut self, listener: Rc<dyn Listener>) -> Self {
        self.0.add_listener(listener);
        self
    }

    /// Calls `callback` when the element is clicked.
    pub fn on_click(self, callback: Callback<MouseEvent>) -> Self {
        self.listen(Rc::new(onclick::Wrapper::new(callback)))
    }

    /// Calls `callback` when the element's value is edited.
    pub fn on_input(self, callback: Callback<InputEvent>) -> Self {
        self.listen(Rc::new(oninput::Wrapper::new(callback)))
    }

    /// Calls `callback` when the element's value is changed.
    pub fn on_change(self, callback: Callback<Event>) -> Self {
        self.listen(Rc::new(onchange::Wrapper::new(callback)))
    }

    /// Calls `callback` when a key is pressed in the element.
    pub fn on_keydown(self, callback: Callback<KeyboardEvent>) -> Self {
        self.listen(Rc::new(onkeydown::Wrapper::new(callback)))
    }

    /// Calls `callback` when the form is submitted.
    pub fn on_submit(self, callback: Callback<SubmitEvent>) -> Self {
        self.listen(Rc::new(onsubmit::Wrapper::new(callback)))
    }

    /// Calls `callback` when the element starts being dragged.
    pub fn on_dragstart(self, callback: Callback<DragEvent>) -> Self {
        self.listen(Rc::new(ondragstart::Wrapper::new(callback)))
    }

    /// Calls `callback` while something is dragged over the element.
    pub fn on_dragover(self, callback: Callback<DragEvent>) -> Self {
        self.listen(Rc::new(ondragover::Wrapper::new(callback)))
    }

    /// Calls `callback` when something is dropped on the element.
    pub fn on_drop(self, callback: Callback<DragEvent>) -> Self {
        self.listen(Rc::new(ondrop::Wrapper::new(callback)))
    }

    /// Calls `callback` when a drag of the element ends.
    pub fn on_dragend(self, callback: Callback<DragEvent>) -> Self {
        self.listen(Rc::new(ondragend::Wrapper::new(callback)))
    }

    /// The finished element.
    #[inline(never)]
    pub fn html(self) -> Html {
        VNode::VTag(Rc::new(*self.0))
    }
}

/// An element with fixed text and class: `<tag class=…>text</tag>`.
#[inline(never)]
pub fn text_el(tag: &'static str, class: &'static str, text: &'static str) -> Html {
    let element = if class.is_empty() { El::new(tag) } else { El::with_class(tag, class) };
    element.text(text).html()
}

/// Text made at run time as a node.
#[inline(never)]
pub fn string(text: String) -> Html {
    VNode::VText(VText::new(AttrValue::from(text)))
}

/// Several nodes side by side, with no element around them.
#[inline(never)]
pub fn fragment(children: Vec<Html>) -> Html {
    VNode::VList(Rc::new(VList::with_children(children, None)))
}

// Added for field.rs, cluster_editor.rs, server_editor.rs, update_editor.rs and
// topology_editor.rs.
impl El {
    /// Adds text held as an attribute value as a child, as `html!` does with an `AttrValue`.
    #[inline(never)]
    pub fn text_value(self, text: AttrValue) -> Self {
        self.child(VNode::VText(VText::new(text)))
    }
}

// Added for app.rs, header.rs, toc.rs, search_box.rs, search_results.rs, section_view.rs and the
// home, kb, search and not-found pages.
impl El {
    /// A link with fixed text: `<a href=…>text</a>`.
    #[inline(never)]
    pub fn text_link(href: String, text: &'static str) -> Html {
        El::new("a").set_string("href", href).text(text).html()
    }
}
