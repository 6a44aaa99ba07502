//! Password hashing for requests. Each hash takes 19 MiB and a core for tens of
//! milliseconds, so at most one runs per core, each in memory kept for it: a burst of
//! log-ins waits its turn instead of taking the server's memory (100 at once took
//! 1.5 GB before), and the memory stays the pool's size afterwards.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::domain::account::HashMemory;

/// How long a request waits for its turn before it is told to try again.
const WAIT: Duration = Duration::from_secs(10);

/// Every hashing slot was taken for [`WAIT`].
#[derive(Debug, thiserror::Error)]
#[error("every password hashing slot stayed busy")]
pub struct Busy;

pub struct PasswordPool {
    slots: Semaphore,
    memory: Mutex<Vec<HashMemory>>,
}

impl PasswordPool {
    /// One slot per core.
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            slots: Semaphore::new(cores),
            memory: Mutex::new(Vec::with_capacity(cores)),
        }
    }

    /// Runs `work` on a blocking thread with one slot's memory, once a slot is free.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut HashMemory) -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let _slot = tokio::time::timeout(WAIT, self.slots.acquire())
            .await
            .map_err(|_| Busy)?
            .expect("the semaphore is never closed");
        let mut memory = self.take_memory();
        let (result, memory) = tokio::task::spawn_blocking(move || {
            let result = work(&mut memory);
            (result, memory)
        })
        .await
        .map_err(|_| Busy)?;
        self.memory.lock().expect("not poisoned").push(memory);
        Ok(result)
    }

    fn take_memory(&self) -> HashMemory {
        // Never more buffers than slots: a slot's holder takes one or makes the next.
        self.memory
            .lock()
            .expect("not poisoned")
            .pop()
            .unwrap_or_default()
    }
}

impl Default for PasswordPool {
    fn default() -> Self {
        Self::new()
    }
}
