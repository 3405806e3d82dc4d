//! How the bytes of an Apple property list are written. Apple reads XML property lists in UTF-8
//! or UTF-16 (either byte order, with or without a byte order mark) and binary ones
//! (`bplist00`). Their first bytes tell them apart: the magic `bplist`, a byte order mark, or,
//! for UTF-16 without one, the NUL byte beside the ASCII `<` (or the whitespace) an XML file
//! starts with. UTF-16 is decoded here to text, so that the XML reader, its spans and every
//! line and column work on it as on a UTF-8 file.

/// How a property list file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// XML in UTF-8 (or ASCII), the way Xcode writes it.
    Utf8,
    /// XML in UTF-16.
    Utf16 {
        /// Big-endian (`FE FF`) rather than little-endian (`FF FE`).
        big_endian: bool,
        /// Whether the file starts with a byte order mark.
        bom: bool,
    },
    /// A binary property list: the file starts with `bplist`.
    Binary,
}

impl Encoding {
    /// The encoding of a property list file, from its first bytes. A file that is none of the
    /// others is read as UTF-8, which says where it is not.
    pub fn of_property_list(bytes: &[u8]) -> Encoding {
        let ascii = |b: u8| b != 0 && b.is_ascii();
        match bytes {
            [b'b', b'p', b'l', b'i', b's', b't', ..] => Encoding::Binary,
            [0xFF, 0xFE, ..] => Encoding::Utf16 {
                big_endian: false,
                bom: true,
            },
            [0xFE, 0xFF, ..] => Encoding::Utf16 {
                big_endian: true,
                bom: true,
            },
            // An XML file starts with `<` or whitespace: in UTF-16 without a byte order mark,
            // that ASCII byte has a NUL after it (little-endian) or before it (big-endian). NUL
            // is no character of XML, so a UTF-8 file never starts so.
            [first, 0, ..] if ascii(*first) => Encoding::Utf16 {
                big_endian: false,
                bom: false,
            },
            [0, second, ..] if ascii(*second) => Encoding::Utf16 {
                big_endian: true,
                bom: false,
            },
            _ => Encoding::Utf8,
        }
    }

    /// What the encoding is called in messages: "UTF-16 (big-endian)".
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 {
                big_endian: false, ..
            } => "UTF-16 (little-endian)",
            Encoding::Utf16 {
                big_endian: true, ..
            } => "UTF-16 (big-endian)",
            Encoding::Binary => "binary",
        }
    }
}

/// UTF-16 bytes that are not text, and where they stop being text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf16Error {
    /// The text decoded before the first bad code unit.
    pub text: String,
    /// The offset in the file of the first bad byte.
    pub byte: usize,
    /// What is wrong there, in words.
    pub reason: String,
}

/// Decodes UTF-16 text (a byte order mark, if any, is kept as U+FEFF, as a UTF-8 file keeps
/// its own). An odd number of bytes or a surrogate without its pair is an error that says
/// where.
pub fn decode_utf16(bytes: &[u8], big_endian: bool) -> Result<String, Utf16Error> {
    let units = bytes.chunks_exact(2).map(|pair| match pair {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    });
    let mut text = String::with_capacity(bytes.len());
    let mut byte = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                byte += 2 * c.len_utf16();
            }
            Err(error) => {
                return Err(Utf16Error {
                    text,
                    byte,
                    reason: format!(
                        "bytes {byte} and {} hold a surrogate without its pair (0x{:04X})",
                        byte + 1,
                        error.unpaired_surrogate()
                    ),
                });
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(Utf16Error {
            text,
            byte,
            reason: format!(
                "it has an odd number of bytes ({}): the last byte is half a character",
                bytes.len()
            ),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let bom = bom.then_some('\u{feff}');
        bom.into_iter()
            .chain(text.chars())
            .collect::<String>()
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn the_first_bytes_tell_the_encoding() {
        let xml = "<?xml version=\"1.0\"?><plist/>";
        for big_endian in [false, true] {
            for bom in [false, true] {
                let bytes = utf16(xml, big_endian, bom);
                assert_eq!(
                    Encoding::of_property_list(&bytes),
                    Encoding::Utf16 { big_endian, bom }
                );
                let text = decode_utf16(&bytes, big_endian);
                let expected = if bom {
                    format!("\u{feff}{xml}")
                } else {
                    xml.to_owned()
                };
                assert_eq!(text, Ok(expected));
            }
        }
        let newline_first = utf16("\n<plist/>", false, false);
        assert_eq!(
            Encoding::of_property_list(&newline_first),
            Encoding::Utf16 {
                big_endian: false,
                bom: false
            }
        );
        assert_eq!(
            Encoding::of_property_list(b"bplist00\xd0"),
            Encoding::Binary
        );
        assert_eq!(Encoding::of_property_list(xml.as_bytes()), Encoding::Utf8);
        assert_eq!(
            Encoding::of_property_list(b"\xef\xbb\xbf<plist/>"),
            Encoding::Utf8
        );
        assert_eq!(Encoding::of_property_list(b""), Encoding::Utf8);
        assert_eq!(Encoding::of_property_list(b"<"), Encoding::Utf8);
    }

    #[test]
    fn bad_utf16_says_where_it_stops() {
        let mut odd = utf16("<plist/>", false, false);
        odd.push(b'x');
        let error = decode_utf16(&odd, false).unwrap_err();
        assert_eq!(error.text, "<plist/>");
        assert_eq!(error.byte, 16);
        assert!(
            error.reason.contains("odd number of bytes (17)"),
            "{error:?}"
        );
        let mut lone = utf16("<a>é", true, false);
        lone.extend([0xD8, 0x00]);
        lone.extend(utf16("</a>", true, false));
        let error = decode_utf16(&lone, true).unwrap_err();
        assert_eq!(error.text, "<a>é");
        assert_eq!(error.byte, 8);
        assert_eq!(
            error.reason,
            "bytes 8 and 9 hold a surrogate without its pair (0xD800)"
        );
        let astral = utf16("<a>😀</a>", false, true);
        assert_eq!(
            decode_utf16(&astral, false),
            Ok("\u{feff}<a>😀</a>".to_owned())
        );
    }
}
