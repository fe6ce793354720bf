//! The few date and time formats the API uses, without a date library: RFC 3339 (`retryAfter`,
//! `createTime`, token expiries) and the HTTP date of a `Retry-After` header.

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn seconds_of(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second <= 60;
    valid.then(|| days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second.min(59)))
}

/// Seconds since the Unix epoch of an RFC 3339 date-time such as `2026-11-29T10:00:00Z` or
/// `2026-11-29T11:00:00.5+01:00`.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let year = i64::from(number(text.get(0..4)?)?);
    let month = number(text.get(5..7)?)?;
    let day = number(text.get(8..10)?)?;
    let hour = number(text.get(11..13)?)?;
    let minute = number(text.get(14..16)?)?;
    let second = number(text.get(17..19)?)?;
    let mut rest = text.get(19..)?;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            let hours = number(&rest[1..3])?;
            let minutes = number(&rest[4..6])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * i64::from(hours * 3600 + minutes * 60)
        }
    };
    Some(seconds_of(year, month, day, hour, minute, second)? - offset)
}

/// Seconds since the Unix epoch of an HTTP date such as `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, clock, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as u32 + 1;
    let mut clock = clock.split(':');
    let hour = number(clock.next()?)?;
    let minute = number(clock.next()?)?;
    let second = number(clock.next()?)?;
    seconds_of(i64::from(number(year)?), month, number(day)?, hour, minute, second)
}

/// An RFC 3339 date-time in UTC, e.g. `2026-11-29T10:00:00Z`.
pub fn format_rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

/// How many seconds from `now` until the API says to retry: a `Retry-After` header (seconds or an
/// HTTP date) wins over the problem's `retryAfter` date-time. `None` when neither says.
pub fn retry_after_seconds(header: Option<&str>, problem_retry_after: Option<&str>, now: i64) -> Option<u64> {
    let from_header = header.and_then(|h| {
        let h = h.trim();
        h.parse::<u64>()
            .ok()
            .or_else(|| parse_http_date(h).map(|at| (at - now).max(0) as u64))
    });
    from_header.or_else(|| {
        problem_retry_after
            .and_then(parse_rfc3339)
            .map(|at| (at - now).max(0) as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2026-11-29T10:00:00Z"), Some(1_795_946_400));
        assert_eq!(parse_rfc3339("2026-11-29T11:00:00.123+01:00"), Some(1_795_946_400));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z").map(format_rfc3339).as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
        assert_eq!(format_rfc3339(1_795_946_400), "2026-11-29T10:00:00Z");
        for bad in [
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-29",
            "2026-11-29T10:00:00",
            "tomorrow",
            "2026-11-29T24:00:00Z",
            "2026-11-29T10:00:00+1:00",
            "２０２６-11-29T10:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_and_retry_after() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        let now = 1_795_946_400;
        assert_eq!(
            retry_after_seconds(Some("2"), Some("2026-11-29T10:01:00Z"), now),
            Some(2)
        );
        assert_eq!(retry_after_seconds(None, Some("2026-11-29T10:01:00Z"), now), Some(60));
        assert_eq!(
            retry_after_seconds(Some("Sun, 29 Nov 2026 10:00:30 GMT"), None, now),
            Some(30)
        );
        assert_eq!(retry_after_seconds(Some("soon"), None, now), None);
        assert_eq!(retry_after_seconds(None, Some("2020-01-01T00:00:00Z"), now), Some(0));
    }
}
