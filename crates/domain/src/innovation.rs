//! Innovations (inovasi daerah): the official profile and its workflow.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::affair::Affair;
use crate::errors::FieldErrors;
use crate::parse::{label_key, parse_date};

/// Declares an official vocabulary: the enum, its Indonesian wire code, its label, and a
/// lenient parser that accepts the code, the label and the spellings people use. Ordered, so
/// values can key sorted maps; shown by their label. Competitions use it too.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $code:literal, $label:literal, [$($alias:literal),*];)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The Indonesian snake_case code used in the API and the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The label officials read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }

            /// Reads the code, the label or a known spelling, ignoring case and punctuation.
            pub fn parse(text: &str) -> Result<Self, String> {
                if let Some(value) = Self::from_code(text.trim()) {
                    return Ok(value);
                }
                let key = label_key(text);
                $(
                    if key == label_key($code) || key == label_key($label) $(|| key == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                let allowed: Vec<&str> = Self::ALL.iter().map(|value| value.label()).collect();
                Err(format!(
                    "{} \"{}\" tidak dikenali; pilih salah satu: {}",
                    $what,
                    text.trim(),
                    allowed.join(", ")
                ))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// Tahapan inovasi.
    Stage, "tahapan" {
        Initiative => "inisiatif", "Inisiatif", ["tahap inisiatif"];
        Trial => "uji_coba", "Uji coba", ["ujicoba", "tahap uji coba"];
        Implementation => "penerapan", "Penerapan", ["tahap penerapan", "implementasi"];
    }
}

vocabulary! {
    /// Jenis inovasi.
    Kind, "jenis" {
        Digital => "digital", "Digital", ["inovasi digital"];
        NonDigital => "non_digital", "Non digital", ["nondigital", "inovasi non digital"];
    }
}

vocabulary! {
    /// Bentuk inovasi (PP 38/2017).
    Form, "bentuk" {
        Governance => "tata_kelola", "Tata kelola pemerintahan daerah", [
            "tata kelola", "inovasi tata kelola", "inovasi tata kelola pemerintahan daerah",
            "tata kelola pemerintahan"
        ];
        PublicService => "pelayanan_publik", "Pelayanan publik", [
            "inovasi pelayanan publik", "pelayanan"
        ];
        Other => "lainnya", "Lainnya sesuai urusan", [
            "inovasi daerah lainnya", "inovasi daerah lainnya sesuai urusan",
            "lainnya sesuai urusan pemerintahan", "inovasi lainnya"
        ];
    }
}

vocabulary! {
    /// Inisiator inovasi (PP 38/2017 Ps. 3).
    Initiator, "inisiator" {
        RegionalHead => "kepala_daerah", "Kepala daerah", ["kada"];
        CouncilMember => "anggota_dprd", "Anggota DPRD", ["dprd"];
        Agency => "perangkat_daerah", "Perangkat daerah", ["opd", "organisasi perangkat daerah"];
        CivilServant => "asn", "ASN", ["aparatur sipil negara", "pns"];
        Public => "masyarakat", "Masyarakat", ["warga"];
    }
}

vocabulary! {
    /// Where an innovation is in its review, from draft to public.
    Status, "status" {
        Draft => "draft", "Draf", [];
        Submitted => "submitted", "Diajukan", [];
        Returned => "returned", "Dikembalikan", [];
        Verified => "verified", "Terverifikasi", [];
        Published => "published", "Terbit", [];
    }
}

/// A step of the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Verify,
    Return,
    Publish,
}

impl Transition {
    pub fn code(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Verify => "verify",
            Self::Return => "return",
            Self::Publish => "publish",
        }
    }

    /// The status after this step, or why the step cannot be taken from `from`.
    pub fn apply(self, from: Status) -> Result<Status, String> {
        use Status::*;
        let to = match (self, from) {
            (Self::Submit, Draft | Returned) => Submitted,
            (Self::Verify, Submitted) => Verified,
            (Self::Return, Submitted | Verified | Published) => Returned,
            (Self::Publish, Verified) => Published,
            _ => {
                return Err(format!(
                    "inovasi berstatus \"{}\" tidak dapat di-{}",
                    from.label(),
                    self.code()
                ));
            }
        };
        Ok(to)
    }
}

impl Status {
    /// Operators edit only what is not under review or public; a returned innovation is theirs
    /// again.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

/// The profile as a caller sends it: every value still text, so that each bad field gets its
/// own message instead of the whole document being refused.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ProfileInput {
    pub name: String,
    pub stage: String,
    pub trial_date: Option<String>,
    pub implementation_date: Option<String>,
    pub initiator: Option<String>,
    pub initiator_name: Option<String>,
    pub kind: String,
    pub form: String,
    pub main_affair: Option<String>,
    pub related_affairs: Vec<String>,
    pub theme: Option<String>,
    pub design: Option<String>,
    pub goals: Option<String>,
    pub benefits: Option<String>,
    pub results: Option<String>,
    pub budget: Option<String>,
    pub links: Vec<String>,
    pub latest_development: Option<String>,
}

/// A valid innovation profile (the fields of `research.md` §2 the registry keeps).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub stage: Stage,
    pub trial_date: Option<NaiveDate>,
    pub implementation_date: Option<NaiveDate>,
    pub initiator: Option<Initiator>,
    pub initiator_name: Option<String>,
    pub kind: Kind,
    pub form: Form,
    /// Code of the main affair (urusan utama); the index counts coverage by it.
    pub main_affair: Option<String>,
    pub related_affairs: Vec<String>,
    pub theme: Option<String>,
    /// Rancang bangun.
    pub design: String,
    pub goals: String,
    pub benefits: String,
    pub results: String,
    /// A note on the budget (source, amount) as the region writes it.
    pub budget: Option<String>,
    pub links: Vec<String>,
    pub latest_development: Option<NaiveDate>,
}

pub const NAME_MAX_CHARS: usize = 255;
const LONG_TEXT_MAX_CHARS: usize = 100_000;

fn optional_text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

impl Profile {
    /// Validates a profile; every field with a problem is named.
    pub fn parse(input: &ProfileInput) -> Result<Profile, FieldErrors> {
        let mut errors = FieldErrors::new();

        let name = input.name.trim().to_owned();
        if name.is_empty() {
            errors.add("name", "nama inovasi wajib diisi");
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.add(
                "name",
                format!("nama inovasi paling banyak {NAME_MAX_CHARS} karakter"),
            );
        }

        let mut required = |field: &str, text: &str, what: &str| {
            if text.trim().is_empty() {
                errors.add(field, format!("{what} wajib diisi"));
                false
            } else {
                true
            }
        };
        let stage_given = required("stage", &input.stage, "tahapan");
        let kind_given = required("kind", &input.kind, "jenis");
        let form_given = required("form", &input.form, "bentuk");

        let stage = stage_given
            .then(|| {
                Stage::parse(&input.stage)
                    .map_err(|e| errors.add("stage", e))
                    .ok()
            })
            .flatten();
        let kind = kind_given
            .then(|| {
                Kind::parse(&input.kind)
                    .map_err(|e| errors.add("kind", e))
                    .ok()
            })
            .flatten();
        let form = form_given
            .then(|| {
                Form::parse(&input.form)
                    .map_err(|e| errors.add("form", e))
                    .ok()
            })
            .flatten();

        let mut date = |field: &str, value: &Option<String>| -> Option<NaiveDate> {
            let text = optional_text(value)?;
            parse_date(&text).map_err(|e| errors.add(field, e)).ok()
        };
        let trial_date = date("trial_date", &input.trial_date);
        let implementation_date = date("implementation_date", &input.implementation_date);
        let latest_development = date("latest_development", &input.latest_development);

        match stage {
            Some(Stage::Trial) if trial_date.is_none() && input.trial_date.is_none() => {
                errors.add(
                    "trial_date",
                    "waktu uji coba wajib diisi untuk tahapan uji coba",
                );
            }
            Some(Stage::Implementation)
                if implementation_date.is_none() && input.implementation_date.is_none() =>
            {
                errors.add(
                    "implementation_date",
                    "waktu penerapan wajib diisi untuk tahapan penerapan",
                );
            }
            _ => {}
        }
        if let (Some(trial), Some(implementation)) = (trial_date, implementation_date)
            && trial > implementation
        {
            errors.add(
                "trial_date",
                "waktu uji coba tidak boleh sesudah waktu penerapan",
            );
        }
        if let Some(latest) = latest_development {
            let start = implementation_date.or(trial_date);
            if start.is_some_and(|start| latest < start) {
                errors.add(
                    "latest_development",
                    "waktu pengembangan terbaru tidak boleh sebelum inovasi diuji coba atau diterapkan",
                );
            }
        }

        let initiator = optional_text(&input.initiator).and_then(|text| {
            Initiator::parse(&text)
                .map_err(|e| errors.add("initiator", e))
                .ok()
        });

        let main_affair = optional_text(&input.main_affair).and_then(|text| {
            Affair::parse(&text)
                .map(|affair| affair.code.to_owned())
                .map_err(|e| errors.add("main_affair", e))
                .ok()
        });
        let mut related_affairs = Vec::new();
        for text in input
            .related_affairs
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            match Affair::parse(text) {
                Ok(affair) => {
                    let code = affair.code.to_owned();
                    if Some(&code) != main_affair.as_ref() && !related_affairs.contains(&code) {
                        related_affairs.push(code);
                    }
                }
                Err(e) => errors.add("related_affairs", e),
            }
        }

        let mut links = Vec::new();
        for link in input
            .links
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
        {
            if link.starts_with("https://") || link.starts_with("http://") {
                links.push(link.to_owned());
            } else {
                errors.add(
                    "links",
                    format!("tautan \"{link}\" harus diawali http:// atau https://"),
                );
            }
        }

        let mut long_text = |field: &str, value: &Option<String>| -> String {
            let text = optional_text(value).unwrap_or_default();
            if text.chars().count() > LONG_TEXT_MAX_CHARS {
                errors.add(
                    field,
                    format!("paling banyak {LONG_TEXT_MAX_CHARS} karakter"),
                );
            }
            text
        };
        let design = long_text("design", &input.design);
        let goals = long_text("goals", &input.goals);
        let benefits = long_text("benefits", &input.benefits);
        let results = long_text("results", &input.results);

        match (stage, kind, form) {
            (Some(stage), Some(kind), Some(form)) if errors.is_empty() => Ok(Profile {
                name,
                stage,
                trial_date,
                implementation_date,
                initiator,
                initiator_name: optional_text(&input.initiator_name),
                kind,
                form,
                main_affair,
                related_affairs,
                theme: optional_text(&input.theme),
                design,
                goals,
                benefits,
                results,
                budget: optional_text(&input.budget),
                links,
                latest_development,
            }),
            _ => Err(errors),
        }
    }

    /// The profile back as input, e.g. to fill an edit form.
    pub fn to_input(&self) -> ProfileInput {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let text = |t: &str| (!t.is_empty()).then(|| t.to_owned());
        ProfileInput {
            name: self.name.clone(),
            stage: self.stage.code().to_owned(),
            trial_date: date(self.trial_date),
            implementation_date: date(self.implementation_date),
            initiator: self.initiator.map(|i| i.code().to_owned()),
            initiator_name: self.initiator_name.clone(),
            kind: self.kind.code().to_owned(),
            form: self.form.code().to_owned(),
            main_affair: self.main_affair.clone(),
            related_affairs: self.related_affairs.clone(),
            theme: self.theme.clone(),
            design: text(&self.design),
            goals: text(&self.goals),
            benefits: text(&self.benefits),
            results: text(&self.results),
            budget: self.budget.clone(),
            links: self.links.clone(),
            latest_development: date(self.latest_development),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProfileInput {
        ProfileInput {
            name: "Sipelandukilat".into(),
            stage: "penerapan".into(),
            implementation_date: Some("2019-02-01".into()),
            kind: "non_digital".into(),
            form: "pelayanan_publik".into(),
            ..Default::default()
        }
    }

    #[test]
    fn vocabularies_read_what_people_write() {
        assert_eq!(Stage::parse("Uji Coba").unwrap(), Stage::Trial);
        assert_eq!(Stage::parse("uji_coba").unwrap(), Stage::Trial);
        assert_eq!(Stage::parse(" PENERAPAN ").unwrap(), Stage::Implementation);
        assert_eq!(Kind::parse("Non Digital").unwrap(), Kind::NonDigital);
        assert_eq!(Kind::parse("non-digital").unwrap(), Kind::NonDigital);
        assert_eq!(
            Form::parse("Inovasi Pelayanan Publik").unwrap(),
            Form::PublicService
        );
        assert_eq!(
            Form::parse("pelayanan publik").unwrap(),
            Form::PublicService
        );
        assert_eq!(
            Form::parse("Inovasi Tata Kelola Pemerintahan Daerah").unwrap(),
            Form::Governance
        );
        assert_eq!(Initiator::parse("OPD").unwrap(), Initiator::Agency);
        let error = Stage::parse("selesai").unwrap_err();
        assert!(error.contains("Uji coba"), "{error}");
    }

    #[test]
    fn wire_codes_are_indonesian_snake_case() {
        assert_eq!(
            serde_json::to_string(&Stage::Trial).unwrap(),
            "\"uji_coba\""
        );
        assert_eq!(
            serde_json::to_string(&Form::PublicService).unwrap(),
            "\"pelayanan_publik\""
        );
        assert_eq!(Initiator::CouncilMember.code(), "anggota_dprd");
    }

    #[test]
    fn a_complete_profile_parses() {
        let mut input = input();
        input.main_affair = Some("Administrasi Kependudukan dan Pencatatan Sipil".into());
        input.related_affairs = vec!["kesehatan".into(), "adminduk".into()];
        input.links = vec!["https://kaltaraprov.go.id".into()];
        let profile = Profile::parse(&input).unwrap();
        assert_eq!(profile.stage, Stage::Implementation);
        assert_eq!(
            profile.main_affair.as_deref(),
            Some("administrasi_kependudukan_pencatatan_sipil")
        );
        // The main affair is not repeated among the related ones.
        assert_eq!(profile.related_affairs, vec!["kesehatan".to_owned()]);
        assert_eq!(Profile::parse(&profile.to_input()).unwrap(), profile);
    }

    #[test]
    fn required_fields_by_stage() {
        let mut input = input();
        input.implementation_date = None;
        let errors = Profile::parse(&input).unwrap_err();
        assert!(errors.get("implementation_date").is_some());

        input.stage = "uji coba".into();
        let errors = Profile::parse(&input).unwrap_err();
        assert!(errors.get("trial_date").is_some());

        input.stage = "inisiatif".into();
        assert!(Profile::parse(&input).is_ok());
    }

    #[test]
    fn trial_not_after_implementation() {
        let mut input = input();
        input.trial_date = Some("2020-01-01".into());
        let errors = Profile::parse(&input).unwrap_err();
        assert!(errors.get("trial_date").unwrap().contains("sesudah"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = ProfileInput {
            name: " ".into(),
            stage: "x".into(),
            kind: "".into(),
            form: "y".into(),
            main_affair: Some("astrologi".into()),
            links: vec!["ftp://a".into()],
            trial_date: Some("kemarin".into()),
            ..Default::default()
        };
        let errors = Profile::parse(&input).unwrap_err();
        for field in [
            "name",
            "stage",
            "kind",
            "form",
            "main_affair",
            "links",
            "trial_date",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
    }

    #[test]
    fn workflow_transitions() {
        use Status::*;
        assert_eq!(Transition::Submit.apply(Draft).unwrap(), Submitted);
        assert_eq!(Transition::Submit.apply(Returned).unwrap(), Submitted);
        assert_eq!(Transition::Verify.apply(Submitted).unwrap(), Verified);
        assert_eq!(Transition::Publish.apply(Verified).unwrap(), Published);
        assert_eq!(Transition::Return.apply(Published).unwrap(), Returned);
        assert!(Transition::Publish.apply(Draft).is_err());
        assert!(Transition::Verify.apply(Draft).is_err());
        assert!(Transition::Submit.apply(Published).is_err());
        assert!(Draft.is_editable() && Returned.is_editable());
        assert!(!Submitted.is_editable() && !Published.is_editable());
    }
}
