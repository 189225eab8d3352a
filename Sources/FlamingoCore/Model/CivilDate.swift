/// Calendar dates as /etc/shadow counts them: days since 1970-01-01 (proleptic Gregorian).
public enum CivilDate {
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Today, in days since the epoch (for the shadow file's "last changed" field).
    public static func today() -> Int { WallClock.secondsSinceEpoch() / 86_400 }
}
