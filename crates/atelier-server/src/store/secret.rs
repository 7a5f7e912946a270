//! Device tokens and enrolment codes: drawn from the operating system's
//! CSPRNG, stored only as SHA-256 hashes.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The letters an enrolment code is drawn from: no 0/O, 1/I/L to misread.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A new device token: 32 random bytes, base64url without padding.
///
/// # Panics
/// When the operating system has no random source (never on a supported OS).
#[must_use]
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new enrolment code: 10 characters of an unambiguous alphabet (about 50
/// bits), grouped `ABCD-EFGH-JK` so the owner can read it out.
///
/// # Panics
/// When the operating system has no random source.
#[must_use]
pub fn new_code() -> String {
    let mut code = String::with_capacity(12);
    let mut drawn = 0;
    while drawn < 10 {
        let mut byte = [0u8; 1];
        #[allow(clippy::expect_used)]
        getrandom::fill(&mut byte).expect("the operating system's random source failed");
        // Rejection sampling keeps every letter equally likely.
        if usize::from(byte[0]) >= 256 - 256 % CODE_ALPHABET.len() {
            continue;
        }
        if drawn == 4 || drawn == 8 {
            code.push('-');
        }
        code.push(char::from(
            CODE_ALPHABET[usize::from(byte[0]) % CODE_ALPHABET.len()],
        ));
        drawn += 1;
    }
    code
}

/// A code as typed, made comparable: upper case, without dashes or spaces.
#[must_use]
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The SHA-256 of a secret, in hex: what the store keeps of tokens and codes.
#[must_use]
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_different_and_codes_typeable() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 43, "32 bytes in base64url without padding");
        assert_ne!(a, b);
        let code = new_code();
        assert_eq!(code.len(), 12);
        assert_eq!(code.matches('-').count(), 2);
        assert!(
            normalise_code(&code)
                .bytes()
                .all(|c| CODE_ALPHABET.contains(&c))
        );
        assert_eq!(normalise_code("abcd efgh-jk"), "ABCDEFGHJK");
        assert_eq!(hash_secret("x").len(), 64);
    }
}
