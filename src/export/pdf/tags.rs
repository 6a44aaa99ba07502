//! The tag tree that makes the PDF accessible (PDF/A-2a, level A).

use krilla::tagging::{Identifier, Node, TagGroup, TagKind, TagTree};

/// The structure tree is built during layout, before the drawing that hands out the
/// marked-content identifiers; a slot stands for such an identifier until then.
pub(super) struct Tags {
    nodes: Vec<TagNode>,
    pub(super) slots: usize,
}

struct TagNode {
    kind: Option<TagKind>,
    children: Vec<Child>,
}

enum Child {
    Node(usize),
    Slot(usize),
}

pub(super) const ROOT: usize = 0;

impl Tags {
    pub(super) fn new() -> Self {
        Self {
            nodes: vec![TagNode {
                kind: None,
                children: Vec::new(),
            }],
            slots: 0,
        }
    }

    pub(super) fn open(&mut self, parent: usize, kind: impl Into<TagKind>) -> usize {
        let id = self.nodes.len();
        self.nodes.push(TagNode {
            kind: Some(kind.into()),
            children: Vec::new(),
        });
        self.nodes[parent].children.push(Child::Node(id));
        id
    }

    pub(super) fn slot(&mut self, parent: usize) -> usize {
        let slot = self.slots;
        self.slots += 1;
        self.nodes[parent].children.push(Child::Slot(slot));
        slot
    }

    pub(super) fn into_tree(mut self, identifiers: &[Option<Identifier>]) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some("nl-NL".to_owned()));
        tree.children = self.build(ROOT, identifiers);
        tree
    }

    fn build(&mut self, id: usize, identifiers: &[Option<Identifier>]) -> Vec<Node> {
        let children = std::mem::take(&mut self.nodes[id].children);
        children
            .into_iter()
            .filter_map(|child| match child {
                Child::Slot(slot) => identifiers.get(slot).copied().flatten().map(Node::Leaf),
                Child::Node(node) => {
                    let grandchildren = self.build(node, identifiers);
                    let kind = self.nodes[node].kind.take()?;
                    (!grandchildren.is_empty())
                        .then(|| Node::Group(TagGroup::with_children(kind, grandchildren)))
                }
            })
            .collect()
    }
}
