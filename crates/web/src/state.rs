use std::sync::Arc;

use lumbung_service::App;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`; on when the site is served over HTTPS.
    pub secure_cookies: bool,
    /// Largest accepted upload (imports), in bytes.
    pub max_upload_bytes: usize,
    /// The load balancers and proxies in front of the servers: only from these is
    /// `X-Forwarded-For` or `Forwarded` believed when limits are counted per address.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            max_upload_bytes: 64 * 1024 * 1024,
            trusted_proxies: Vec::new(),
        }
    }
}

/// What every handler gets: the application and the web settings.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    pub app: App,
    pub config: WebConfig,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> Self {
        Self(Arc::new(Inner { app, config }))
    }

    pub fn app(&self) -> &App {
        &self.0.app
    }

    pub fn config(&self) -> &WebConfig {
        &self.0.config
    }
}
