//! The few static files, compiled into the binary: the style sheet (built on the comparison page's,
//! whose colour pairs are checked for contrast), the hall display's own style sheet, the live board's
//! script (the board's and the hall display's), the floor's style sheet and timer script, and htmx
//! (vendored, 0BSD).

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

static STYLE: LazyLock<String> = LazyLock::new(|| {
    format!("{}\n{}", plenary_render::comparison::html_style(), include_str!("../../static/plenary.css"))
});

const HALL_STYLE: &str = include_str!("../../static/hall.css");
const BOARD_SCRIPT: &str = include_str!("../../static/board.js");
const FLOOR_STYLE: &str = include_str!("../../static/floor.css");
const FLOOR_SCRIPT: &str = include_str!("../../static/floor.js");
const HTMX: &str = include_str!("../../static/vendor/htmx-2.0.11.min.js");

/// `GET /static/{file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    let (content_type, body): (&str, &str) = match file.as_str() {
        "plenary.css" => ("text/css; charset=utf-8", STYLE.as_str()),
        "hall.css" => ("text/css; charset=utf-8", HALL_STYLE),
        "board.js" => ("text/javascript; charset=utf-8", BOARD_SCRIPT),
        "htmx.min.js" => ("text/javascript; charset=utf-8", HTMX),
        "floor.css" => ("text/css; charset=utf-8", FLOOR_STYLE),
        "floor.js" => ("text/javascript; charset=utf-8", FLOOR_SCRIPT),
        _ => return (StatusCode::NOT_FOUND, "no such file").into_response(),
    };
    // Small and changed only with the binary: an hour in the browser's cache is plenty on a slow line.
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
        .into_response()
}
