//! The one reader of multipart forms (every upload, pages and API): the text fields and the
//! chosen files, read in one pass, and one way of saying what went wrong.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;
use lumbung_service::ServiceError;
use lumbung_service::domain::FieldErrors;

/// A file sent in a form.
#[derive(Debug, Clone)]
pub struct FileField {
    /// The name the sender gave it, if any.
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// A multipart form as read: text fields in order, files by field.
#[derive(Debug, Default)]
pub struct MultipartForm {
    texts: Vec<(String, String)>,
    files: Vec<(String, FileField)>,
}

/// Why a multipart form could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// The body is over the upload limit.
    TooLarge,
    /// The body is not a multipart form (cut off, malformed, a file field that is text).
    Broken,
}

const TOO_LARGE: &str = "berkas terlalu besar untuk diunggah";
const BROKEN: &str = "unggahan tidak terbaca; pilih berkasnya lalu coba lagi";

impl Unreadable {
    fn of(error: &MultipartError) -> Unreadable {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Unreadable::TooLarge
        } else {
            Unreadable::Broken
        }
    }

    /// The service's error: 413 for a body over the limit, 400 otherwise.
    pub fn error(self) -> ServiceError {
        match self {
            Unreadable::TooLarge => ServiceError::TooLarge(TOO_LARGE.into()),
            Unreadable::Broken => ServiceError::BadInput(BROKEN.into()),
        }
    }

    /// For a page's form: a file over the limit is the error of the form's `field`, so the
    /// form comes back with what was typed and the message beside the file.
    pub fn on_field(self, field: &str) -> ServiceError {
        match self {
            Unreadable::TooLarge => FieldErrors::single(field, TOO_LARGE).into(),
            Unreadable::Broken => self.error(),
        }
    }
}

impl From<Unreadable> for ServiceError {
    fn from(unreadable: Unreadable) -> ServiceError {
        unreadable.error()
    }
}

impl MultipartForm {
    /// Reads every field: those named in `files` as files (an empty one, nothing chosen, is
    /// left out), the others as text.
    pub async fn read(mut multipart: Multipart, files: &[&str]) -> Result<Self, Unreadable> {
        let mut form = MultipartForm::default();
        let unreadable = |error: MultipartError| Unreadable::of(&error);
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            if files.contains(&name.as_str()) {
                let file_name = field.file_name().map(str::to_owned);
                let bytes = field.bytes().await.map_err(unreadable)?;
                if !bytes.is_empty() {
                    form.files.push((
                        name,
                        FileField {
                            file_name,
                            bytes: bytes.to_vec(),
                        },
                    ));
                }
            } else {
                let text = field.text().await.map_err(unreadable)?;
                form.texts.push((name, text));
            }
        }
        Ok(form)
    }

    /// The first value of a text field, or `None` when the form has no such field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, text)| text.as_str())
    }

    /// The first value of a text field, empty when absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    /// The first file of a field, taken out of the form.
    pub fn take_file(&mut self, name: &str) -> Option<FileField> {
        let at = self.files.iter().position(|(field, _)| field == name)?;
        Some(self.files.remove(at).1)
    }

    /// Every file of a field, taken out of the form.
    pub fn take_files(&mut self, name: &str) -> Vec<FileField> {
        let (taken, kept) = std::mem::take(&mut self.files)
            .into_iter()
            .partition(|(field, _)| field == name);
        self.files = kept;
        taken.into_iter().map(|(_, file)| file).collect()
    }
}

impl From<Unreadable> for crate::error::ApiError {
    fn from(unreadable: Unreadable) -> crate::error::ApiError {
        crate::error::ApiError(unreadable.error())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use axum::body::Body;
    use axum::extract::FromRequest;
    use axum::http::Request;

    use super::*;

    async fn form(parts: &[(&str, Option<&str>, &[u8])]) -> Result<MultipartForm, Unreadable> {
        let mut body = Vec::new();
        for (name, file_name, bytes) in parts {
            body.extend_from_slice(b"--X\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(name.as_bytes());
            body.extend_from_slice(b"\"");
            if let Some(file_name) = file_name {
                body.extend_from_slice(format!("; filename=\"{file_name}\"").as_bytes());
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--X--\r\n");
        let request = Request::builder()
            .method("POST")
            .header("content-type", "multipart/form-data; boundary=X")
            .body(Body::from(body))
            .unwrap();
        let multipart = Multipart::from_request(request, &()).await.unwrap();
        MultipartForm::read(multipart, &["attachments"]).await
    }

    #[tokio::test]
    async fn texts_and_chosen_files_are_read_and_an_empty_file_input_is_left_out() {
        let mut read = form(&[
            ("csrf", None, b"abc"),
            ("attachments", Some("surat.pdf"), b"%PDF-1.7"),
            ("attachments", Some(""), b""),
            ("attachments", Some("foto.png"), b"\x89PNG"),
            ("subject", None, b"Antrean"),
        ])
        .await
        .unwrap();
        assert_eq!(read.text("csrf"), "abc");
        assert_eq!(read.get("subject"), Some("Antrean"));
        assert_eq!(read.get("tags"), None);
        assert_eq!(read.text("tags"), "");
        let files = read.take_files("attachments");
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].file_name.as_deref(), Some("surat.pdf"));
        assert_eq!(files[0].bytes, b"%PDF-1.7");
        assert_eq!(files[1].bytes, b"\x89PNG");
        assert!(read.take_file("attachments").is_none());
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_too_large_and_says_so_on_the_field() {
        // axum's default body limit is 2 MB.
        let big = vec![b'a'; 3 * 1024 * 1024];
        let unreadable = form(&[("attachments", Some("besar.pdf"), &big)])
            .await
            .unwrap_err();
        assert_eq!(unreadable, Unreadable::TooLarge);
        assert!(matches!(unreadable.error(), ServiceError::TooLarge(_)));
        let ServiceError::Validation(errors) = unreadable.on_field("file") else {
            panic!("a field error");
        };
        assert_eq!(errors.iter().next().unwrap().0, "file");
        assert!(matches!(
            Unreadable::Broken.on_field("file"),
            ServiceError::BadInput(_)
        ));
    }
}
