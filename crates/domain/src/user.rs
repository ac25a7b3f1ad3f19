//! Accounts: e-mail addresses and password rules.

use serde::Serialize;

/// A lower-cased e-mail address with one `@` and a dot in its domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, String> {
        let text = text.trim().to_lowercase();
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !text.chars().any(char::is_whitespace)
                    && text.len() <= 254
            }
            None => false,
        };
        if valid {
            Ok(Email(text))
        } else {
            Err(format!("alamat surel \"{text}\" tidak sah"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const PASSWORD_MIN_CHARS: usize = 10;

/// Checks a new password: long enough to resist guessing, short enough to hash cheaply.
pub fn check_new_password(password: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < PASSWORD_MIN_CHARS {
        Err(format!(
            "kata sandi paling sedikit {PASSWORD_MIN_CHARS} karakter"
        ))
    } else if length > 256 {
        Err("kata sandi paling banyak 256 karakter".into())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Admin@Kaltara.go.id ").unwrap().as_str(),
            "admin@kaltara.go.id"
        );
        for bad in ["", "a", "a@b", "@b.id", "a@.id", "a b@c.id", "a@b@c.id"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(check_new_password("pendek").is_err());
        assert!(check_new_password("cukup-panjang-sekali").is_ok());
    }
}
