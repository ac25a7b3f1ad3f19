//! HTTP for Lumbung Inovasi: server-rendered pages, the JSON API under `/api/v1`, and its
//! OpenAPI document. Handlers are thin: they read the request, call one `service` function
//! and shape its answer.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod api;
pub mod auth;
pub mod error;
pub mod i18n;
pub mod multipart;
pub mod pages;
pub mod router;
pub mod state;

pub use router::{openapi, router};
pub use state::{AppState, WebConfig};

use std::future::Future;
use tokio::net::TcpListener;

/// Serves the application on `listener` until `shutdown` completes.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
