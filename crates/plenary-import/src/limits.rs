//! Every limit an import is read under, in one place. Importers never fail on content (see the
//! architecture invariants); these bounds are the exception, like the size of the input: a file beyond one
//! of them cannot be a resolution, and reading it would tie up memory or the stack. Each is refused with
//! [`ImportError::Limit`](crate::ImportError::Limit), which names the constant and where the input crossed
//! it.

use crate::ImportError;

/// The largest input accepted, text or Word file. The longest resolution with annexes in the corpus is
/// under 1 MB; a limit far above that keeps hostile or mistaken input (a 100 MB log) from tying up an
/// import.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// How deeply XML elements may nest (Akoma Ntoso, every part of a Word file). Our own Akoma Ntoso of the
/// longest fixture (A/RES/79/1) nests 12 levels and its Word file 6; the readers walk elements recursively,
/// and a bound far above any real document keeps hostile input (10,000 nested `<w:ins>`) from exhausting
/// the stack.
pub const MAX_XML_DEPTH: usize = 256;

/// How many nodes (elements, texts, comments) one XML document or one part of a Word file may hold. The
/// longest fixture (A/RES/79/1, 199 KB of text) has about 6,900 nodes as Akoma Ntoso and 6,400 in its Word
/// body; Word's own files carry more markup, and this bound is still over 100 times that. It caps the
/// parsed tree whatever the input (a Word file of 50,000 paragraphs, about 500,000 nodes, imports in
/// 140 MB).
pub const MAX_XML_NODES: u32 = 1_000_000;

/// Whether an XML document may carry a document type declaration. It may not: a DTD is where entity
/// expansion bombs ("billion laughs") live, and no Akoma Ntoso or Word file needs one.
pub const XML_DTD_ALLOWED: bool = false;

/// How many entries (parts) a Word file's zip archive may hold. A Word file has about a dozen parts (more
/// with images and headers); thousands of entries are a zip bomb's central directory, not a document.
pub const MAX_DOCX_PARTS: usize = 1_000;

/// How many bytes the parts of a Word file may unpack to, all together. The largest Word file our writer
/// produces from a real resolution (A/RES/79/1) unpacks to 305 KB (see docs/import-limits.md); 16 MB leaves a
/// margin of 50 and matches [`MAX_INPUT_BYTES`], so a packed file never holds more than a text file may.
pub const MAX_UNPACKED_BYTES: u64 = 16 * 1024 * 1024;

/// How many paragraphs (blocks of body text) one import may hold. The longest resolutions have a few
/// hundred; a million is far beyond any document and still imported, linearly (see
/// `benches/import_scale.rs`).
pub const MAX_PARAGRAPHS: usize = 1_000_000;

/// How many lines a text read line by line (PDF text, clean text, Markdown, compilations) may have. The
/// line stages hold a few hundred bytes per line: 16 MB of one-character lines (8 million) took 3 GB and
/// 20 s before anything refused them. Three million lines hold [`MAX_PARAGRAPHS`] paragraphs with the
/// blank lines between them, and are counted before any stage runs.
pub const MAX_LINES: usize = 3_000_000;

/// A limit crossed: the error that names it, its value and where the input went over it.
pub(crate) fn exceeded(limit: &'static str, value: u64, at: impl Into<String>) -> ImportError {
    ImportError::Limit { limit, value, at: at.into() }
}

/// Parses XML under the XML limits: no DTD, at most [`MAX_XML_NODES`] nodes, at most [`MAX_XML_DEPTH`]
/// levels of elements. `what` names the document or part in the errors ("word/document.xml").
pub(crate) fn parse_xml<'t>(what: &str, text: &'t str) -> Result<roxmltree::Document<'t>, XmlRefusal> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: XML_DTD_ALLOWED,
        nodes_limit: MAX_XML_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let tree = roxmltree::Document::parse_with_options(text, options).map_err(|error| match error {
        roxmltree::Error::DtdDetected => XmlRefusal::Limit(exceeded(
            "XML_DTD_ALLOWED",
            u64::from(XML_DTD_ALLOWED),
            format!("{what}: a document type declaration (<!DOCTYPE …>); DTDs and entities are refused"),
        )),
        roxmltree::Error::NodesLimitReached => XmlRefusal::Limit(exceeded(
            "MAX_XML_NODES",
            u64::from(MAX_XML_NODES),
            format!("{what}: more than {MAX_XML_NODES} XML nodes"),
        )),
        error => XmlRefusal::Malformed(error),
    })?;
    if let Some((depth, node)) = too_deep(&tree) {
        let position = tree.text_pos_at(node.range().start);
        return Err(XmlRefusal::Limit(exceeded(
            "MAX_XML_DEPTH",
            MAX_XML_DEPTH as u64,
            format!(
                "{what}, line {}, column {}: element <{}> nested {depth} levels deep",
                position.row,
                position.col,
                qualified_name(node)
            ),
        )));
    }
    Ok(tree)
}

/// Why [`parse_xml`] refused a text: a limit, or XML that is not well-formed (each reader words that its
/// own way).
#[derive(Debug)]
pub(crate) enum XmlRefusal {
    Limit(ImportError),
    Malformed(roxmltree::Error),
}

/// The first element nested deeper than [`MAX_XML_DEPTH`], with its depth, found without recursion: in
/// document order every parent comes before its children, so one pass fills in each node's depth from its
/// parent's.
fn too_deep<'a, 'input>(
    tree: &'a roxmltree::Document<'input>,
) -> Option<(usize, roxmltree::Node<'a, 'input>)> {
    let mut depths: Vec<usize> = Vec::new();
    for node in tree.descendants() {
        let parent_depth =
            node.parent().and_then(|parent| depths.get(parent.id().get_usize()).copied()).unwrap_or(0);
        let depth = parent_depth + usize::from(node.is_element());
        if depth > MAX_XML_DEPTH {
            return Some((depth, node));
        }
        let index = node.id().get_usize();
        if depths.len() <= index {
            depths.resize(index + 1, 0);
        }
        depths[index] = depth;
    }
    None
}

/// An element's name as written, with the prefix of its namespace when it has one (`w:ins`).
fn qualified_name(node: roxmltree::Node<'_, '_>) -> String {
    let name = node.tag_name();
    match name.namespace().and_then(|namespace| node.lookup_prefix(namespace)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", name.name()),
        _ => name.name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_named_with_its_value_and_where() {
        let xml = format!("<a xmlns:w='urn:w'>{}{}</a>", "<w:ins>".repeat(300), "</w:ins>".repeat(300));
        let Err(XmlRefusal::Limit(error)) = parse_xml("word/document.xml", &xml) else {
            panic!("300 levels are refused");
        };
        assert_eq!(
            error.to_string(),
            "word/document.xml, line 1, column 1805: element <w:ins> nested 257 levels deep: \
             over the import limit MAX_XML_DEPTH = 256"
        );
        let dtd = "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>";
        let Err(XmlRefusal::Limit(error)) = parse_xml("AKN", dtd) else { panic!("a DTD is refused") };
        assert!(error.to_string().contains("XML_DTD_ALLOWED"), "{error}");
        assert!(matches!(parse_xml("x", "<a><b></a>"), Err(XmlRefusal::Malformed(_))));
        assert!(parse_xml("x", "<a><b/></a>").is_ok());
    }
}
