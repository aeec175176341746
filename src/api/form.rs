//! `multipart/form-data` bodies (file uploads), read as they arrive with `multer`, its size
//! limits set before the first byte is read: a body over the limit is refused as soon as it
//! passes it, never buffered whole. Text fields become the request's JSON parameters (so the
//! vendors read them as any other body, and the journal shows them); files are kept aside.

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{Map, Value};

/// How large a form may be: the whole body, each text field, and the file fields by name. A
/// file part under another name is read through (within the whole body's limit) but not kept.
#[derive(Debug, Clone, Copy)]
pub struct FormLimits {
    pub whole: u64,
    pub text_field: u64,
    pub files: &'static [(&'static str, u64)],
    /// Parts in one body, at most: thousands of empty parts cost a client nothing.
    pub parts: usize,
}

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// The form field's name (`voice_file`).
    pub field: String,
    pub file_name: Option<String>,
    /// What the client declared; vendors that care look at the bytes instead.
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// Why a form could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// A part passed its limit (`field` is `None` for the whole body).
    TooLarge { field: Option<String>, limit: u64 },
    /// Not well-formed multipart (a missing boundary, a part cut short, ...).
    Malformed(String),
    /// The body stopped arriving (connection closed mid-body).
    Broken,
}

/// The multipart boundary of a `Content-Type`, if it is `multipart/form-data`.
pub fn boundary(content_type: Option<&str>) -> Option<String> {
    multer::parse_boundary(content_type?).ok()
}

/// Whether a `Content-Type` says multipart, whatever its parameters.
pub fn is_multipart(content_type: &str) -> bool {
    content_type
        .trim_start()
        .get(..10)
        .is_some_and(|head| head.eq_ignore_ascii_case("multipart/"))
}

/// Reads a multipart body: its text fields as a JSON object (the request's body from then
/// on), its files, and a file's summary (`{"file","contentType","bytes"}`) in place of its
/// bytes in that object, for the journal.
pub async fn read(
    body: Incoming,
    boundary: String,
    limits: FormLimits,
) -> Result<(Bytes, Vec<FilePart>), FormError> {
    // Parts are held to their own limits below, as they arrive: multer can only tell parts
    // apart by name, and a file part may come under any name.
    let mut sizes = multer::SizeLimit::new().whole_stream(limits.whole);
    for (name, limit) in limits.files {
        sizes = sizes.for_field(*name, *limit);
    }
    let constraints = multer::Constraints::new().size_limit(sizes);
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut fields = Map::new();
    let mut files = Vec::new();
    let mut parts = 0usize;
    while let Some(mut field) = multipart.next_field().await.map_err(form_error)? {
        parts += 1;
        if parts > limits.parts {
            return Err(FormError::Malformed(format!(
                "more than {} parts in one form",
                limits.parts
            )));
        }
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(ToString::to_string);
        let expected_file = limits.files.iter().any(|(f, _)| *f == name);
        let is_file = file_name.is_some() || expected_file;
        // A text field is held to its limit; a file under an unexpected name is counted, not kept.
        let keep = !is_file || expected_file;
        let mut bytes = BytesMut::new();
        let mut size = 0usize;
        while let Some(chunk) = field.chunk().await.map_err(form_error)? {
            size = size.saturating_add(chunk.len());
            if !is_file && size as u64 > limits.text_field {
                return Err(FormError::TooLarge {
                    field: Some(name),
                    limit: limits.text_field,
                });
            }
            if keep {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file && !expected_file {
            let mut summary = Map::new();
            summary.insert("file".into(), file_name.map_or(Value::Null, Value::from));
            summary.insert("bytes".into(), Value::from(size));
            summary.insert("kept".into(), Value::Bool(false));
            fields.insert(name, Value::Object(summary));
        } else if is_file {
            let mut summary = Map::new();
            summary.insert(
                "file".into(),
                file_name.clone().map_or(Value::Null, Value::from),
            );
            summary.insert(
                "contentType".into(),
                content_type.clone().map_or(Value::Null, Value::from),
            );
            summary.insert("bytes".into(), Value::from(bytes.len()));
            fields.insert(name.clone(), Value::Object(summary));
            files.push(FilePart {
                field: name,
                file_name,
                content_type,
                bytes: bytes.freeze(),
            });
        } else {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            fields.insert(name, Value::String(text));
        }
    }
    let json = serde_json::to_vec(&Value::Object(fields)).unwrap_or_default();
    Ok((Bytes::from(json), files))
}

fn form_error(e: multer::Error) -> FormError {
    match e {
        multer::Error::FieldSizeExceeded { limit, field_name } => FormError::TooLarge {
            field: field_name,
            limit,
        },
        multer::Error::StreamSizeExceeded { limit } => FormError::TooLarge { field: None, limit },
        multer::Error::StreamReadFailed(_) => FormError::Broken,
        other => FormError::Malformed(other.to_string()),
    }
}
