//! Evidence documents (data dukung): which files are accepted, told by their content.
//!
//! An uploaded file is recognised by its first bytes, never by its name or the type the
//! browser claims, so a renamed text file or program is refused. Documents and pictures are
//! stored; videos are too large to keep and are given as a link instead.

/// The kinds of evidence file that are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Webp,
    Gif,
}

impl FileKind {
    /// The media type sent with the file when it is served.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Webp => "image/webp",
            FileKind::Gif => "image/gif",
        }
    }

    /// The file name extension used for stored files, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
            FileKind::Webp => "webp",
            FileKind::Gif => "gif",
        }
    }

    /// A short name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Png => "PNG",
            FileKind::Jpeg => "JPEG",
            FileKind::Webp => "WebP",
            FileKind::Gif => "GIF",
        }
    }
}

/// The largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

/// Tells the kind of a file from its magic bytes alone.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(FileKind::Webp)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(FileKind::Gif)
    } else {
        None
    }
}

/// Checks an uploaded evidence file; the error is a message for the user.
pub fn check_upload(bytes: &[u8]) -> Result<FileKind, String> {
    if bytes.is_empty() {
        return Err("berkas kosong".to_owned());
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err("berkas lebih dari 20 MB".to_owned());
    }
    sniff(bytes).ok_or_else(|| {
        "jenis berkas tidak diterima; unggah PDF atau gambar (PNG, JPEG, WebP, GIF); \
         video cukup sebagai tautan"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFUSED: &str = "jenis berkas tidak diterima; unggah PDF atau gambar (PNG, JPEG, WebP, GIF); video cukup sebagai tautan";

    #[test]
    fn each_kind_is_recognised() {
        let cases: [(&[u8], FileKind, &str, &str); 6] = [
            (
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
                FileKind::Pdf,
                "application/pdf",
                "pdf",
            ),
            (
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
                FileKind::Png,
                "image/png",
                "png",
            ),
            (
                b"\xFF\xD8\xFF\xE0\0\x10JFIF\0",
                FileKind::Jpeg,
                "image/jpeg",
                "jpg",
            ),
            (
                b"RIFF\x24\0\0\0WEBPVP8 ",
                FileKind::Webp,
                "image/webp",
                "webp",
            ),
            (b"GIF87a\x01\0\x01\0", FileKind::Gif, "image/gif", "gif"),
            (b"GIF89a\x01\0\x01\0", FileKind::Gif, "image/gif", "gif"),
        ];
        for (bytes, kind, mime, extension) in cases {
            assert_eq!(sniff(bytes), Some(kind));
            assert_eq!(check_upload(bytes), Ok(kind));
            assert_eq!(kind.mime(), mime);
            assert_eq!(kind.extension(), extension);
        }
        assert_eq!(FileKind::Webp.label(), "WebP");
        assert_eq!(FileKind::Jpeg.label(), "JPEG");
    }

    #[test]
    fn riff_that_is_not_webp_is_refused() {
        // A WAV or AVI file shares the RIFF header.
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b"RIFF\x24\0\0\0AVI LIST"), None);
        assert_eq!(sniff(b"RIFF"), None);
    }

    #[test]
    fn renamed_text_file_is_refused() {
        // Named laporan.pdf, but its content is plain text.
        let text = b"Laporan inovasi tahun 2025\nini bukan PDF\n";
        assert_eq!(sniff(text), None);
        assert_eq!(check_upload(text), Err(REFUSED.to_owned()));
    }

    #[test]
    fn executable_is_refused() {
        let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0";
        assert_eq!(check_upload(exe), Err(REFUSED.to_owned()));
    }

    #[test]
    fn video_is_refused() {
        let mp4 = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41";
        assert_eq!(check_upload(mp4), Err(REFUSED.to_owned()));
    }

    #[test]
    fn empty_file_is_refused() {
        assert_eq!(check_upload(b""), Err("berkas kosong".to_owned()));
    }

    #[test]
    fn file_over_the_limit_is_refused() {
        let mut big = vec![0u8; MAX_EVIDENCE_BYTES + 1];
        big[..8].copy_from_slice(b"%PDF-1.7");
        assert_eq!(
            check_upload(&big),
            Err("berkas lebih dari 20 MB".to_owned())
        );
        big.truncate(MAX_EVIDENCE_BYTES);
        assert_eq!(check_upload(&big), Ok(FileKind::Pdf));
    }
}
