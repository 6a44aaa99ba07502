//! A small SMTP server on loopback for tests: it speaks enough SMTP for lettre, answers
//! RCPT TO with scripted codes, and keeps every message it accepted.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Default)]
pub struct SmtpSink {
    /// Replies to RCPT TO, used one per delivery attempt; 250 once they run out.
    rcpt_replies: Arc<Mutex<VecDeque<u16>>>,
    pub received: Arc<Mutex<Vec<String>>>,
    /// The names clients gave in EHLO/HELO.
    pub greetings: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    /// Starts the server; returns it with its `smtp://` URL.
    pub async fn start(rcpt_replies: &[u16]) -> (Self, String) {
        let sink = Self {
            rcpt_replies: Arc::new(Mutex::new(rcpt_replies.iter().copied().collect())),
            received: Arc::default(),
            greetings: Arc::default(),
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let server = sink.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(server.clone().session(socket));
            }
        });
        (sink, url)
    }

    pub fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }

    async fn session(self, socket: tokio::net::TcpStream) {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
        while let Ok(Some(line)) = lines.next_line().await {
            let command = line.to_ascii_uppercase();
            let reply: String = if command.starts_with("EHLO") || command.starts_with("HELO") {
                self.greetings
                    .lock()
                    .unwrap()
                    .push(line[5..].trim().to_owned());
                "250-sink.test\r\n250 8BITMIME\r\n".into()
            } else if command.starts_with("RCPT TO") {
                let code = self.rcpt_replies.lock().unwrap().pop_front().unwrap_or(250);
                match code {
                    250 => "250 OK\r\n".into(),
                    450 => "450 4.2.1 Mailbox busy, try later\r\n".into(),
                    _ => format!("{code} 5.1.1 No such user\r\n"),
                }
            } else if command.starts_with("DATA") {
                let _ = write.write_all(b"354 Go ahead\r\n").await;
                let mut message = String::new();
                while let Ok(Some(data)) = lines.next_line().await {
                    if data == "." {
                        break;
                    }
                    message.push_str(&data);
                    message.push_str("\r\n");
                }
                self.received.lock().unwrap().push(message);
                "250 2.0.0 Queued\r\n".into()
            } else if command.starts_with("QUIT") {
                let _ = write.write_all(b"221 Bye\r\n").await;
                return;
            } else {
                "250 OK\r\n".into()
            };
            if write.write_all(reply.as_bytes()).await.is_err() {
                return;
            }
        }
    }
}
