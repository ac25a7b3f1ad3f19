//! What a complaint says when it is filed, by a citizen on the public form or by an officer
//! entering one received elsewhere; and its theme (category plus free tags).

use serde::{Deserialize, Serialize};

use super::Channel;
use crate::affair::Affair;
use crate::errors::FieldErrors;

/// Longest description accepted, in characters; a complaint is a story, not a document.
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
/// Shortest description that can be verified.
pub const MIN_DESCRIPTION_CHARS: usize = 20;
/// At most this many tags on one complaint.
pub const MAX_TAGS: usize = 5;
/// Attachments a citizen may add to one complaint, and their size each.
pub const MAX_ATTACHMENTS: usize = 3;
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// A complaint as a form or a JSON body sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintInput {
    /// A government affair code (`kesehatan`, `administrasi_kependudukan_pencatatan_sipil`, …).
    pub category: String,
    /// Free tags, comma separated in forms.
    #[serde(default)]
    pub tags: Vec<String>,
    pub region_code: String,
    #[serde(default)]
    pub agency_id: Option<String>,
    pub subject: String,
    pub description: String,
    #[serde(default)]
    pub reporter_name: Option<String>,
    #[serde(default)]
    pub reporter_email: Option<String>,
    #[serde(default)]
    pub reporter_phone: Option<String>,
    /// The reporter's identity is kept from the agency and the public.
    #[serde(default)]
    pub anonymous: bool,
    /// `web` for the public form; an officer records the channel it came through.
    #[serde(default)]
    pub channel: Option<String>,
}

/// A complaint's theme: its category and its tags, as compared across complaints.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Theme {
    pub category: String,
    pub tags: Vec<String>,
}

/// Tags as stored: trimmed, lower case, inner spaces collapsed, without `#`, each at most 40
/// characters, no repeats, in the order given.
pub fn normalise_tags<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw
        .iter()
        .flat_map(|text| text.as_ref().split(','))
        .map(|tag| {
            tag.trim()
                .trim_start_matches('#')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|tag| !tag.is_empty())
    {
        if tag.chars().count() > 40 {
            return Err(format!("tag \"{tag}\" lebih dari 40 karakter"));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(format!("paling banyak {MAX_TAGS} tag"));
    }
    Ok(tags)
}

/// The fields of a complaint that passed the checks; the region and agency are checked
/// against the register by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    pub category: String,
    pub tags: Vec<String>,
    pub subject: String,
    pub description: String,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
    pub anonymous: bool,
    pub channel: Channel,
}

fn optional(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// A plausible e-mail address: one `@`, something before it, a dot in the domain, no spaces.
pub fn plausible_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && text.len() <= 254
}

impl Filing {
    /// Checks a complaint; every field with a problem gets its message.
    pub fn parse(input: &ComplaintInput) -> Result<Filing, FieldErrors> {
        let mut errors = FieldErrors::new();
        let category = if input.category.trim().is_empty() {
            errors.add("category", "pilih kategori (urusan) pengaduan");
            String::new()
        } else {
            match Affair::parse(&input.category) {
                Ok(found) => found.code.to_owned(),
                Err(message) => {
                    errors.add("category", message);
                    String::new()
                }
            }
        };
        let tags = normalise_tags(&input.tags).unwrap_or_else(|message| {
            errors.add("tags", message);
            Vec::new()
        });
        let subject = input.subject.trim().to_owned();
        if subject.is_empty() {
            errors.add("subject", "judul pengaduan wajib diisi");
        } else if subject.chars().count() > 200 {
            errors.add("subject", "judul pengaduan paling banyak 200 karakter");
        }
        let description = input.description.trim().to_owned();
        let length = description.chars().count();
        if length < MIN_DESCRIPTION_CHARS {
            errors.add(
                "description",
                format!(
                    "uraikan pengaduan paling sedikit {MIN_DESCRIPTION_CHARS} karakter: apa, di mana, kapan"
                ),
            );
        } else if length > MAX_DESCRIPTION_CHARS {
            errors.add(
                "description",
                format!("uraian paling banyak {MAX_DESCRIPTION_CHARS} karakter"),
            );
        }
        let reporter_name = optional(&input.reporter_name);
        if reporter_name
            .as_ref()
            .is_some_and(|n| n.chars().count() > 120)
        {
            errors.add("reporter_name", "nama paling banyak 120 karakter");
        }
        let reporter_email = optional(&input.reporter_email).map(|e| e.to_lowercase());
        if reporter_email
            .as_deref()
            .is_some_and(|e| !plausible_email(e))
        {
            errors.add("reporter_email", "alamat surel tidak sah");
        }
        let reporter_phone = optional(&input.reporter_phone);
        if reporter_phone.as_deref().is_some_and(|p| {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            !(8..=15).contains(&digits)
                || p.chars()
                    .any(|c| !(c.is_ascii_digit() || " +-()".contains(c)))
        }) {
            errors.add("reporter_phone", "nomor telepon harus 8–15 angka");
        }
        let channel = match input.channel.as_deref().map(str::trim) {
            None | Some("") => Channel::Web,
            Some(text) => Channel::parse(text).unwrap_or_else(|message| {
                errors.add("channel", message);
                Channel::Web
            }),
        };
        errors.into_result(Filing {
            category,
            tags,
            subject,
            description,
            reporter_name,
            reporter_email,
            reporter_phone,
            anonymous: input.anonymous,
            channel,
        })
    }

    pub fn theme(&self) -> Theme {
        Theme {
            category: self.category.clone(),
            tags: self.tags.clone(),
        }
    }
}

/// One complaint as the theme count sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSample<'a> {
    pub category: &'a str,
    pub tags: &'a [String],
}

/// A theme that keeps coming back: a category, or a category and a tag, with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecurringTheme {
    pub category: String,
    pub tag: Option<String>,
    pub count: usize,
}

/// Themes met at least `min_count` times, most frequent first: each category, and each
/// (category, tag) pair. `answered` says whether an innovation already answers a theme (a
/// link on the category alone answers its tags too); those are left out.
pub fn recurring_themes(
    complaints: &[ThemeSample<'_>],
    min_count: usize,
    answered: impl Fn(&str, Option<&str>) -> bool,
) -> Vec<RecurringTheme> {
    use std::collections::BTreeMap;
    let mut counts: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    for complaint in complaints {
        *counts
            .entry((complaint.category.to_owned(), None))
            .or_default() += 1;
        for tag in complaint.tags {
            *counts
                .entry((complaint.category.to_owned(), Some(tag.clone())))
                .or_default() += 1;
        }
    }
    let mut themes: Vec<RecurringTheme> = counts
        .into_iter()
        .filter(|(_, count)| *count >= min_count)
        .filter(|((category, tag), _)| {
            !answered(category, None)
                && !tag.as_deref().is_some_and(|t| answered(category, Some(t)))
        })
        .map(|((category, tag), count)| RecurringTheme {
            category,
            tag,
            count,
        })
        .collect();
    themes.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.category.cmp(&b.category))
            .then(a.tag.cmp(&b.tag))
    });
    themes
}
