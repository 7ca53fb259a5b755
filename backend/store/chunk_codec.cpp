#include "store/chunk_codec.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

namespace telemetry::store {
namespace {

constexpr unsigned char format_version = 1;

void put_varint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

std::uint64_t bits_of(double value) {
  return std::bit_cast<std::uint64_t>(value);
}

class reader {
 public:
  explicit reader(std::string_view blob) : at_(blob.data()), end_(blob.data() + blob.size()) {}

  bool byte(unsigned char& b) {
    if (at_ == end_) return false;
    b = static_cast<unsigned char>(*at_++);
    return true;
  }

  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      unsigned char b = 0;
      if (!byte(b)) return false;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }

  // `count` bytes, little-endian, placed from bit `shift` upwards.
  bool bytes(int count, int shift, std::uint64_t& v) {
    if (end_ - at_ < count) return false;
    v = 0;
    for (int i = 0; i < count; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(*at_++)) << (shift + 8 * i);
    }
    return true;
  }

  [[nodiscard]] bool done() const { return at_ == end_; }

 private:
  const char* at_;
  const char* end_;
};

}  // namespace

void encode_chunk(std::span<const point> points, std::string& out) {
  out.push_back(static_cast<char>(format_version));
  put_varint(points.size(), out);
  if (points.empty()) return;
  put_varint(zigzag(points.front().ts), out);
  std::uint64_t previous = bits_of(points.front().value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(previous >> (8 * i)));
  for (std::size_t i = 1; i < points.size(); ++i) {
    put_varint(static_cast<std::uint64_t>(points[i].ts - points[i - 1].ts), out);
    const std::uint64_t bits = bits_of(points[i].value);
    const std::uint64_t x = bits ^ previous;
    previous = bits;
    if (x == 0) {
      out.push_back(0);
      continue;
    }
    const int leading = std::countl_zero(x) / 8;
    const int trailing = std::countr_zero(x) / 8;
    out.push_back(static_cast<char>(1 + 8 * leading + trailing));
    for (int b = trailing; b < 8 - leading; ++b) out.push_back(static_cast<char>(x >> (8 * b)));
  }
}

bool decode_chunk(std::string_view blob, std::vector<point>& out) {
  reader in(blob);
  unsigned char version = 0;
  std::uint64_t count = 0;
  if (!in.byte(version) || version != format_version || !in.varint(count)) return false;
  // Every point takes at least two bytes, so a count beyond that is damage, not a huge chunk.
  if (count > blob.size()) return false;
  const auto start = out.size();
  const auto fail = [&] {
    out.resize(start);
    return false;
  };
  if (count == 0) return in.done();
  std::uint64_t first_ts = 0;
  std::uint64_t previous = 0;
  if (!in.varint(first_ts) || !in.bytes(8, 0, previous)) return fail();
  out.reserve(start + count);
  auto ts = unzigzag(first_ts);
  out.push_back({ts, std::bit_cast<double>(previous)});
  for (std::uint64_t i = 1; i < count; ++i) {
    std::uint64_t delta = 0;
    unsigned char control = 0;
    if (!in.varint(delta) || delta == 0 || !in.byte(control) || control > 64) return fail();
    if (delta > static_cast<std::uint64_t>(INT64_MAX) ||
        __builtin_add_overflow(ts, static_cast<std::int64_t>(delta), &ts))
      return fail();
    if (control != 0) {
      const int leading = (control - 1) / 8;
      const int trailing = (control - 1) % 8;
      if (leading + trailing >= 8) return fail();
      std::uint64_t x = 0;
      if (!in.bytes(8 - leading - trailing, 8 * trailing, x)) return fail();
      previous ^= x;
    }
    out.push_back({ts, std::bit_cast<double>(previous)});
  }
  if (!in.done()) return fail();
  return true;
}

}  // namespace telemetry::store
