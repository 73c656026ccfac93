//! The topology a shared link carries in `#/plan?t=<value>`.

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use sp_rules::Topology;

/// The longest `t` value of a link the planner reads, in bytes.
pub const MAX_LINK_BYTES: usize = 1024 * 1024;

/// The `t` value of a link that reopens `topology`: its compact JSON in base64url, unpadded.
pub fn encode_link(topology: &Topology) -> String {
    let json = serde_json::to_string(topology).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json.as_bytes())
}

/// The topology JSON in the `t` value of a link: base64url of the JSON (padded or not) or, for
/// links written by hand, the JSON itself. Reading the JSON is left to the caller, which knows
/// how strict to be. A value over [`MAX_LINK_BYTES`] is refused before it is decoded.
pub fn link_json(value: &str) -> Result<String, String> {
    if value.len() > MAX_LINK_BYTES {
        return Err(format!(
            "the link holds {} bytes of topology; the planner reads links of at most {MAX_LINK_BYTES} bytes (1 MB): import the topology as a file instead",
            value.len()
        ));
    }
    let value = value.trim();
    if value.starts_with('{') {
        return Ok(value.to_owned());
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(value.as_bytes())
        .or_else(|_| URL_SAFE.decode(value.as_bytes()))
        .map_err(|_| "the link is damaged: its topology is not valid base64url (was it cut short when copied?)".to_owned())?;
    String::from_utf8(bytes).map_err(|_| "the link is damaged: its topology is not UTF-8 text".to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::{PlanSource, Route};

    fn topology() -> Topology {
        Topology::from_json(
            r#"{"name": "Contoso <b>&amp; \"Co\" é/+?#", "servers": [
                {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end"},
                {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"}],
                "update": {"service_pack": {"2003": "SP2"}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn links_round_trip_and_use_only_url_safe_characters() {
        let topology = topology();
        let value = encode_link(&topology);
        assert!(value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{value}");
        assert_eq!(Topology::from_json(&link_json(&value).unwrap()).unwrap(), topology);
        let route = Route::Plan { source: PlanSource::Topology(value.clone()) };
        assert_eq!(route.to_hash(), format!("#/plan?t={value}"));
        assert_eq!(Route::parse(&route.to_hash()), route);
    }

    #[test]
    fn links_accept_padding_and_plain_json() {
        let json = serde_json::to_string(&topology()).unwrap();
        assert_eq!(link_json(&URL_SAFE.encode(json.as_bytes())).unwrap(), json);
        assert_eq!(link_json(&format!("  {json}\n")).unwrap(), json);
    }

    #[test]
    fn damaged_links_say_so() {
        let value = encode_link(&topology());
        // Cutting base64 short either breaks the encoding or the JSON inside it.
        let cut = &value[..value.len() / 2 + 1];
        match link_json(cut) {
            Ok(json) => assert!(Topology::from_json(&json).is_err()),
            Err(error) => assert!(error.starts_with("the link is damaged"), "{error}"),
        }
        assert!(link_json("!!!").unwrap_err().contains("not valid base64url"));
        assert!(link_json(&URL_SAFE_NO_PAD.encode([0xff, 0xfe])).unwrap_err().contains("UTF-8"));
        assert_eq!(link_json("").unwrap(), "");
    }

    #[test]
    fn oversized_links_are_refused_before_decoding() {
        let error = link_json(&"A".repeat(MAX_LINK_BYTES + 1)).unwrap_err();
        assert!(error.contains("at most 1048576 bytes"), "{error}");
        assert!(link_json(&"A".repeat(MAX_LINK_BYTES)).is_ok());
    }
}
