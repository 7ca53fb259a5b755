#include "ingest/ingest_journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "telemetry/testing/child_process.hpp"

namespace telemetry::ingest {
namespace {

using records = std::vector<std::pair<std::string, std::string>>;

records replay_all(ingest_journal& journal) {
  records out;
  journal.replay([&](std::string_view t, std::string_view p, std::uint64_t) { out.emplace_back(t, p); });
  return out;
}

TEST(IngestJournal, ReplaysWhatWasNotCommitted) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/j";
  {
    ingest_journal journal(path);
    EXPECT_TRUE(replay_all(journal).empty());
    EXPECT_GT(journal.append("telemetry/a/b", R"({"ts":1,"value":1})"), 0U);
    EXPECT_GT(journal.append("telemetry/a/c", std::string(1000, 'x')), 0U);
  }
  ingest_journal journal(path);
  EXPECT_EQ(replay_all(journal),
            (records{{"telemetry/a/b", R"({"ts":1,"value":1})"}, {"telemetry/a/c", std::string(1000, 'x')}}));
}

TEST(IngestJournal, TruncatesOnlyWhenEverythingIsCommitted) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/j";
  ingest_journal journal(path);
  const auto first = journal.append("t/a/b", "1");
  const auto second = journal.append("t/a/b", "2");
  journal.committed(first);
  EXPECT_GT(std::filesystem::file_size(path), 0U);
  EXPECT_EQ(journal.pending_bytes(), second - first);
  journal.committed(second);
  EXPECT_EQ(std::filesystem::file_size(path), 0U);
  EXPECT_EQ(journal.pending_bytes(), 0U);
  const auto third = journal.append("t/a/b", "3");
  EXPECT_GT(third, second);  // positions keep increasing after a truncation
  ingest_journal reopened(path);
  EXPECT_EQ(replay_all(reopened), (records{{"t/a/b", "3"}}));
}

TEST(IngestJournal, StopsAtATornOrCorruptTail) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/j";
  {
    ingest_journal journal(path);
    journal.append("t/a/b", "good");
    journal.append("t/a/b", "also good");
  }
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size - 3);  // a write cut short by a crash
  {
    ingest_journal journal(path);
    EXPECT_EQ(replay_all(journal), (records{{"t/a/b", "good"}}));
    journal.append("t/a/b", "after");
  }
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(12);  // flip a byte inside the first record's topic
    f.put('X');
  }
  ingest_journal journal(path);
  EXPECT_TRUE(replay_all(journal).empty());
}

// A journal written before the current checksum (FNV-1a records) still replays after an
// upgrade instead of being taken for a torn tail.
TEST(IngestJournal, ReplaysRecordsWithTheEarlierChecksum) {
  telemetry::testing::temp_dir dir;
  const auto path = dir.path() + "/j";
  const std::string topic = "t/a/b";
  const std::string payload = R"({"ts":1,"value":2})";
  std::uint32_t fnv = 2166136261U;
  for (const char c : topic + payload) {
    fnv ^= static_cast<unsigned char>(c);
    fnv *= 16777619U;
  }
  std::string record;
  for (const auto v : {static_cast<std::uint32_t>(payload.size()), fnv}) {
    for (int shift = 0; shift < 32; shift += 8) record += static_cast<char>((v >> shift) & 0xFFU);
  }
  record += static_cast<char>(topic.size());
  record += '\0';
  record += topic + payload;
  std::ofstream(path, std::ios::binary) << record;
  ingest_journal journal(path);
  EXPECT_EQ(replay_all(journal), (records{{topic, payload}}));
}

}  // namespace
}  // namespace telemetry::ingest
