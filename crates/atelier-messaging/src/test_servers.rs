//! Stand-ins for the network in tests: an SMTP server and an SMS provider
//! on loopback that keep what they receive. Not built into the application
//! (feature `test-support`, or the crate's own tests).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

/// An SMTP server on 127.0.0.1 that accepts every message and keeps it.
#[derive(Debug)]
pub struct SmtpSink {
    /// Where it listens.
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    /// Starts it on a free port.
    pub fn start() -> std::io::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let received = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&received);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let keep = Arc::clone(&keep);
                thread::spawn(move || {
                    let _ = serve_smtp(stream, &keep);
                });
            }
        });
        Ok(SmtpSink { addr, received })
    }

    /// The messages received so far (headers and body, as sent).
    pub fn received(&self) -> Vec<String> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn serve_smtp(stream: TcpStream, keep: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 sink ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => out.write_all(b"250-sink\r\n250 8BITMIME\r\n")?,
            "DATA" => {
                out.write_all(b"354 go on\r\n")?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line)? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(&line);
                }
                keep.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(data);
                out.write_all(b"250 kept\r\n")?;
            }
            "QUIT" => {
                out.write_all(b"221 bye\r\n")?;
                return Ok(());
            }
            _ => out.write_all(b"250 ok\r\n")?,
        }
    }
}

/// An SMS provider's API on 127.0.0.1: answers each request with the next
/// status of its script (200 once the script is used up) and keeps the
/// bodies of the requests it answered 2xx.
#[derive(Debug)]
pub struct SmsSink {
    /// Its address, `http://127.0.0.1:port/sms`.
    pub url: String,
    received: Arc<Mutex<Vec<String>>>,
}

impl SmsSink {
    /// Starts it with a script of statuses to answer first.
    pub fn start(script: Vec<u16>) -> std::io::Result<SmsSink> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}/sms", listener.local_addr()?);
        let received = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&received);
        let script = Arc::new(Mutex::new(script.into_iter()));
        thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let status = script
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .next()
                    .unwrap_or(200);
                if let Ok(body) = read_request(&mut stream) {
                    if (200..300).contains(&status) {
                        keep.lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(body);
                    }
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                    );
                }
            }
        });
        Ok(SmsSink { url, received })
    }

    /// The request bodies accepted so far.
    pub fn received(&self) -> Vec<String> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn read_request(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}
