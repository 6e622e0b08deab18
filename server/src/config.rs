//! Configuration, from flags or the environment. Every setting in one place:
//!
//! | variable | flag | default | meaning |
//! |---|---|---|---|
//! | `DATABASE_URL` | `--database-url` | `sqlite://data/ikm.db` | the database; a SQLite file is created on first start |
//! | `IKM_ADDR` | `--addr` | `127.0.0.1:3000` | where `ikm serve` listens |
//! | `IKM_SITE_ROOT` | `--site-root` | `LEPTOS_SITE_ROOT`, else `target/site` | the built CSS, JS and WASM |
//! | `IKM_PUBLIC_URL` | — | the request's `Host` | the address printed on QR posters |
//! | `IKM_TRUST_PROXY` | `--trust-proxy` | off (0) | behind reverse proxies: how many (`1`, `yes`, `true`, `on` = one; `0`, `no`, `false`, `off` = none); the client address is the `X-Forwarded-For` entry that many from the right, host and scheme come from `X-Forwarded-Host/-Proto` |
//! | `IKM_MAX_CONNECTIONS` | `--max-connections` | `512` | connections open at once; at the cap the one that has waited longest on its client is closed |
//! | `IKM_READ_TIMEOUT` | `--read-timeout` | `10` | seconds a request's headers, and then its body, may take to arrive |
//! | `IKM_SMTP_URL` | `--smtp-url` | none (no e-mail) | SMTP server for alert e-mails, e.g. `smtps://user:pass@mail.example.go.id:465` (see `mail.rs`) |
//! | `IKM_MAIL_FROM` | `--mail-from` | `IKM <noreply@localhost>` | the sender of alert e-mails |
//! | `IKM_RETENTION_DAYS` | `--retention-days` | `730` (two years) | after how many days comments are masked in the database and profile answers emptied (the tallies stay); `ikm serve` does it every six hours, `ikm purge` at once |
//! | `RUST_LOG` | — | `info` | log filter (tracing `EnvFilter` syntax) |

use clap::{Args, Parser};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/ikm.db";

/// Settings every subcommand that touches the database shares.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// The database: sqlite://PATH (created when missing) or, later, postgres://…
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
}

/// How long personal data is kept (issue #33, UU 27/2022).
#[derive(Debug, Clone, Copy, Args)]
pub struct RetentionArgs {
    /// Days after which comments are masked in the database and profile answers emptied (the
    /// tallies stay); at least 90.
    #[arg(
        long,
        env = "IKM_RETENTION_DAYS",
        default_value_t = ikm_domain::privacy::DEFAULT_RETENTION_DAYS,
        value_parser = clap::value_parser!(u32).range(90..=36_500)
    )]
    pub retention_days: u32,
}

/// Settings of the web server.
#[derive(Debug, Clone, Parser)]
#[command(name = "serve")]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "IKM_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Folder with the built site (pkg/ikm.css, pkg/ikm.js, pkg/ikm_bg.wasm).
    #[arg(long, env = "IKM_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
    /// Behind this many reverse proxies (yes/true/on = 1, no/false/off = 0): the client address is
    /// the `X-Forwarded-For` entry that many from the right; host and scheme from `-Host`/`-Proto`.
    #[arg(
        long,
        env = "IKM_TRUST_PROXY",
        default_value = "0",
        default_missing_value = "1",
        num_args = 0..=1,
        value_parser = proxies
    )]
    pub trust_proxy: u8,
    /// Connections open at once; at the cap, the one that has waited longest on its client closes.
    #[arg(long, env = "IKM_MAX_CONNECTIONS", default_value_t = 512)]
    pub max_connections: usize,
    /// Seconds a request's headers, and then its body, may take to arrive.
    #[arg(long, env = "IKM_READ_TIMEOUT", default_value_t = 10)]
    pub read_timeout: u64,
    /// SMTP server for alert e-mails (none: no e-mail is sent).
    #[arg(long, env = "IKM_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of alert e-mails.
    #[arg(long, env = "IKM_MAIL_FROM", default_value = "IKM <noreply@localhost>")]
    pub mail_from: String,
    #[command(flatten)]
    pub retention: RetentionArgs,
}

/// How many proxies `IKM_TRUST_PROXY` names: a number, or a yes/no word (one proxy, or none).
pub fn proxies(value: &str) -> Result<u8, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "no" | "n" | "false" | "f" | "off" => Ok(0),
        "yes" | "y" | "true" | "t" | "on" => Ok(1),
        number => number.parse::<u8>().map_err(|_| {
            format!("{value:?} is neither a number of proxies nor yes/no, true/false, on/off, 1/0")
        }),
    }
}

/// What the HTTP layer needs to know about how it is reached.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// How many reverse proxies sit in front (0: none; `X-Forwarded-*` is then ignored).
    pub trust_proxy: u8,
    /// `IKM_PUBLIC_URL`: the address people reach the site at (its scheme decides `Secure` cookies).
    pub public_url: Option<String>,
    /// Sends alert e-mails when `IKM_SMTP_URL` is set.
    pub mail: Option<crate::mail::Mailer>,
}

impl ServeArgs {
    pub fn site_root(&self) -> PathBuf {
        self.site_root
            .clone()
            .or_else(|| std::env::var_os("LEPTOS_SITE_ROOT").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("target/site"))
    }

    pub fn web_config(&self) -> WebConfig {
        WebConfig {
            trust_proxy: self.trust_proxy,
            public_url: std::env::var("IKM_PUBLIC_URL")
                .ok()
                .map(|u| u.trim().trim_end_matches('/').to_string())
                .filter(|u| !u.is_empty()),
            mail: None,
        }
    }

    /// How connections are served (`serving.rs`).
    pub fn serving_limits(&self) -> crate::serving::Limits {
        crate::serving::Limits {
            max_connections: self.max_connections.max(1),
            read_timeout: std::time::Duration::from_secs(self.read_timeout.max(1)),
            ..crate::serving::Limits::default()
        }
    }

    /// The mailer of `--smtp-url`, if set; an unusable setting stops the server from starting.
    pub fn mailer(&self) -> Result<Option<crate::mail::Mailer>, crate::mail::MailError> {
        match self
            .smtp_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            None => Ok(None),
            Some(url) => crate::mail::Mailer::new(url, &self.mail_from).map(Some),
        }
    }

    /// The Leptos options for this server (names of the built files, address, reload port).
    pub fn leptos_options(&self) -> LeptosOptions {
        let env = match std::env::var("LEPTOS_ENV").as_deref() {
            Ok("DEV") | Ok("dev") => leptos::config::Env::DEV,
            _ => leptos::config::Env::PROD,
        };
        let reload_port = std::env::var("LEPTOS_RELOAD_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(3001);
        LeptosOptions::builder()
            .output_name("ikm")
            .site_root(self.site_root().to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .env(env)
            .reload_port(reload_port)
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_boolean_word_and_a_number_of_proxies_are_understood() {
        for one in ["1", "yes", "YES", "true", "on", " y "] {
            assert_eq!(proxies(one), Ok(1), "{one}");
        }
        for none in ["0", "no", "false", "off", "", "N"] {
            assert_eq!(proxies(none), Ok(0), "{none}");
        }
        assert_eq!(proxies("2"), Ok(2));
        assert!(proxies("maybe").is_err());
        assert!(proxies("-1").is_err());
        let parse = |args: &[&str]| ServeArgs::try_parse_from(args).map(|a| a.trust_proxy);
        assert_eq!(parse(&["serve"]).ok(), Some(0));
        assert_eq!(parse(&["serve", "--trust-proxy"]).ok(), Some(1));
        assert_eq!(parse(&["serve", "--trust-proxy", "2"]).ok(), Some(2));
        assert_eq!(parse(&["serve", "--trust-proxy=yes"]).ok(), Some(1));
    }
}
