#pragma once
// An append-only file of the accepted MQTT messages that are not yet in the store. A message
// is appended (one write(2)) before the MQTT callback returns and so before the broker
// gets its acknowledgement: once acknowledged, a sample survives a crash of this process.
// On start the journal is replayed into the store (idempotent: duplicates are stored once);
// when the store has everything that was appended, the file is truncated to empty.
//
// Record: u32 payload length, u32 checksum of (topic, payload), u16 topic length,
// topic, payload. Replay stops at the first torn or corrupt record (the tail of a write
// interrupted by a crash), so a damaged tail never poisons what came before.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace telemetry::ingest {

class ingest_journal {
 public:
  // Opens or creates the file; throws std::runtime_error with a one-line message on failure.
  explicit ingest_journal(std::string path);
  ~ingest_journal();
  ingest_journal(const ingest_journal&) = delete;
  ingest_journal& operator=(const ingest_journal&) = delete;

  // Calls visit(topic, payload, position after the record) for each intact record; returns
  // how many there were. Call once, before the first append.
  std::size_t replay(const std::function<void(std::string_view, std::string_view, std::uint64_t)>& visit);

  // Appends one message. Returns the journal position after it (a count of bytes ever
  // appended, never reset), or 0 when the write failed (the caller counts and logs it).
  std::uint64_t append(std::string_view topic, std::string_view payload);

  // Tells the journal the store holds everything up to `position`; truncates the file when
  // that is everything appended so far.
  void committed(std::uint64_t position);

  [[nodiscard]] std::uint64_t pending_bytes() const;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::uint64_t appended_ = 0;    // logical position: bytes appended since start
  std::uint64_t committed_ = 0;   // logical position the store has reached
  std::uint64_t file_start_ = 0;  // logical position of the file's first byte
  std::string buffer_;
};

}  // namespace telemetry::ingest
