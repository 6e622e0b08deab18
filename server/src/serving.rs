//! Serving connections so that slow or idle clients cannot take the server down: at most
//! [`Limits::max_connections`] at once, and at the cap the connection that has waited longest on
//! its client (for headers, for a promised body, or idle between requests) is closed to make room;
//! a request's headers and its body must each arrive within [`Limits::read_timeout`]. Before, 1 100
//! connections with unfinished headers used up the process's files and `/healthz` stopped
//! answering. A shutdown signal stops accepting, lets the requests in flight finish, then returns.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tower::ServiceExt;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once (each is a file of the process).
    pub max_connections: usize,
    /// How long a request's headers, and then its body, may take to arrive.
    pub read_timeout: Duration,
    /// How long a shutdown waits for the requests in flight.
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            read_timeout: Duration::from_secs(10),
            drain: Duration::from_secs(30),
        }
    }
}

/// What the server knows of one open connection.
struct Conn {
    /// Milliseconds since the server started, at the connection's last read or write.
    last_io: AtomicU64,
    /// Requests whose response has not been sent in full yet.
    in_flight: AtomicUsize,
    /// Requests whose body the client has not sent in full yet.
    awaiting_body: AtomicUsize,
    /// Closes the connection when notified.
    shed: Notify,
}

impl Conn {
    /// Whether it waits on its client rather than on this server.
    fn waits_on_client(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0
            || self.awaiting_body.load(Ordering::Acquire) > 0
    }
}

/// The open connections.
struct Registry {
    started: Instant,
    next_id: AtomicU64,
    open: Mutex<BTreeMap<u64, Arc<Conn>>>,
}

impl Registry {
    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// A place for a new connection: at the cap, the connection that has waited longest on its
    /// client is told to close; `None` when every connection is busy with this server.
    fn admit(&self, max: usize) -> Option<(u64, Arc<Conn>)> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= max {
            let oldest = open
                .iter()
                .filter(|(_, c)| c.waits_on_client())
                .min_by_key(|(_, c)| c.last_io.load(Ordering::Acquire))
                .map(|(id, _)| *id)?;
            if let Some(conn) = open.remove(&oldest) {
                conn.shed.notify_one();
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            last_io: AtomicU64::new(self.now()),
            in_flight: AtomicUsize::new(0),
            awaiting_body: AtomicUsize::new(0),
            shed: Notify::new(),
        });
        open.insert(id, conn.clone());
        Some((id, conn))
    }

    fn close(&self, id: u64) {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the requests in flight
/// finish (at most `limits.drain`).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let registry = Arc::new(Registry {
        started: Instant::now(),
        next_id: AtomicU64::new(0),
        open: Mutex::default(),
    });
    let graceful = GracefulShutdown::new();
    // HTTP/1.1 only: what a reverse proxy and browsers speak to this server over cleartext.
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.read_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of files, say: wait a moment rather than spin.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some((id, conn)) = registry.admit(limits.max_connections) else {
            tracing::warn!(%peer, "connection refused: every connection is busy");
            continue;
        };
        let io = TokioIo::new(Watched {
            stream,
            conn: conn.clone(),
            registry: registry.clone(),
        });
        let service = connection_service(router.clone(), peer, conn.clone(), registry.clone());
        let served = graceful.watch(builder.serve_connection(io, service));
        let registry = registry.clone();
        tokio::spawn(async move {
            tokio::select! {
                result = served => {
                    if let Err(error) = result {
                        tracing::debug!(%error, %peer, "connection ended");
                    }
                }
                () = conn.shed.notified() => {
                    tracing::debug!(%peer, "connection closed to make room");
                }
            }
            registry.close(id);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after {:?}: closed", limits.drain);
    }
}

/// The router for one connection: its requests carry the client's address, and what is in flight
/// or awaited is counted on the connection.
fn connection_service(
    router: Router,
    peer: SocketAddr,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
) -> hyper_util::service::TowerToHyperService<
    impl tower::Service<
            Request<Incoming>,
            Response = Response<Body>,
            Error = Infallible,
            Future = impl Future<Output = Result<Response<Body>, Infallible>> + Send,
        > + Clone,
> {
    let service = tower::service_fn(move |request: Request<Incoming>| {
        let router = router.clone();
        let conn = conn.clone();
        let registry = registry.clone();
        async move {
            conn.in_flight.fetch_add(1, Ordering::AcqRel);
            let done = InFlight {
                conn: conn.clone(),
                registry,
            };
            let (mut parts, body) = request.into_parts();
            parts.extensions.insert(ConnectInfo(peer));
            let body = Body::new(Awaited::new(body, conn));
            let response = router
                .oneshot(Request::from_parts(parts, body))
                .await
                .unwrap_or_else(|never| match never {});
            Ok::<_, Infallible>(response.map(|body| Body::new(Sent { body, _done: done })))
        }
    });
    hyper_util::service::TowerToHyperService::new(service)
}

/// A request in flight until its response body is sent in full (or dropped).
struct InFlight {
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.conn.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.conn
            .last_io
            .store(self.registry.now(), Ordering::Release);
    }
}

/// A response body that ends its request's time in flight when it is done.
struct Sent {
    body: Body,
    _done: InFlight,
}

impl hyper::body::Body for Sent {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A request body the client still owes: counted on its connection until it ends (or is
/// dropped), so that a client that promises a body and never sends it can be closed.
struct Awaited {
    body: Incoming,
    conn: Option<Arc<Conn>>,
}

impl Awaited {
    fn new(body: Incoming, conn: Arc<Conn>) -> Self {
        use hyper::body::Body as _;
        if body.is_end_stream() {
            return Awaited { body, conn: None };
        }
        conn.awaiting_body.fetch_add(1, Ordering::AcqRel);
        Awaited {
            body,
            conn: Some(conn),
        }
    }

    fn arrived(&mut self) {
        if let Some(conn) = self.conn.take() {
            conn.awaiting_body.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

impl Drop for Awaited {
    fn drop(&mut self) {
        self.arrived();
    }
}

impl hyper::body::Body for Awaited {
    type Data = axum::body::Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let frame = Pin::new(&mut self.body).poll_frame(cx);
        if matches!(frame, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            self.arrived();
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        hyper::body::Body::is_end_stream(&self.body)
    }

    fn size_hint(&self) -> SizeHint {
        hyper::body::Body::size_hint(&self.body)
    }
}

/// The TCP stream, noting on its connection when bytes last went in or out.
struct Watched {
    stream: TcpStream,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl Watched {
    fn moved(&self) {
        self.conn
            .last_io
            .store(self.registry.now(), Ordering::Release);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.moved();
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry {
            started: Instant::now(),
            next_id: AtomicU64::new(0),
            open: Mutex::default(),
        }
    }

    #[test]
    fn at_the_cap_the_longest_waiting_on_its_client_makes_room() {
        let r = registry();
        let (a, first) = r.admit(3).expect("room");
        let (_, busy) = r.admit(3).expect("room");
        let (_, third) = r.admit(3).expect("room");
        first.last_io.store(5, Ordering::Release);
        busy.last_io.store(1, Ordering::Release);
        third.last_io.store(9, Ordering::Release);
        // The busy one is oldest, but this server is working on its request.
        busy.in_flight.store(1, Ordering::Release);
        let (_, fourth) = r.admit(3).expect("room made");
        assert!(
            !r.open.lock().expect("lock").contains_key(&a),
            "the idle oldest went"
        );
        assert_eq!(r.open.lock().expect("lock").len(), 3);
        // A request still waiting for its body waits on its client: it may go too.
        busy.awaiting_body.store(1, Ordering::Release);
        third.in_flight.store(1, Ordering::Release);
        fourth.in_flight.store(1, Ordering::Release);
        assert!(r.admit(3).is_some(), "the one awaiting its body made room");
        // Every connection busy with this server: a new one is refused.
        let r = registry();
        for _ in 0..2 {
            r.admit(2)
                .expect("room")
                .1
                .in_flight
                .store(1, Ordering::Release);
        }
        assert!(r.admit(2).is_none());
    }
}
