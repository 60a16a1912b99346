package io.sqlmi.tds.types;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** Day and time-of-day arithmetic of the TDS date and time types (MS-TDS 2.2.5.5.1.7 - 2.2.5.5.1.10). */
final class TemporalCodec {
    /** date, datetime2 and datetimeoffset count days from 0001-01-01. */
    static final long EPOCH_DAY_OF_0001_01_01 = LocalDate.of(1, 1, 1).toEpochDay();
    /** datetime and smalldatetime count days from 1900-01-01. */
    static final LocalDate DATETIME_BASE = LocalDate.of(1900, 1, 1);
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
        10_000_000L, 100_000_000L, 1_000_000_000L};

    private TemporalCodec() {
    }

    static long daysSince0001(LocalDate date) {
        return date.toEpochDay() - EPOCH_DAY_OF_0001_01_01;
    }

    static LocalDate dateFromDays(long days) {
        return LocalDate.ofEpochDay(days + EPOCH_DAY_OF_0001_01_01);
    }

    /** Time of day in units of 10^-scale seconds, rounded half up, kept below midnight. */
    static long timeUnits(LocalTime time, int scale) {
        long unit = POWERS_OF_TEN[9 - scale];
        long nanos = time.toNanoOfDay();
        long units = (nanos + unit / 2) / unit;
        long maxUnits = NANOS_PER_DAY / unit - 1;
        return Math.min(units, maxUnits);
    }

    static LocalTime timeFromUnits(long units, int scale) {
        long nanos = units * POWERS_OF_TEN[9 - scale];
        if (nanos < 0 || nanos >= NANOS_PER_DAY) {
            throw new IllegalArgumentException("time value out of range");
        }
        return LocalTime.ofNanoOfDay(nanos);
    }

    /** datetime: signed days since 1900-01-01 and 1/300-second ticks since midnight. */
    static LocalDateTime fromDatetime(int days, long ticks) {
        long millis = Math.round(ticks * 10 / 3.0);
        return DATETIME_BASE.plusDays(days).atStartOfDay().plusNanos(millis * 1_000_000L);
    }

    static LocalDateTime fromSmallDatetime(int days, int minutes) {
        return DATETIME_BASE.plusDays(days).atStartOfDay().plusMinutes(minutes);
    }
}
