"""Realistic school text for the safety filter: planning notes full of numbers that are not
personal data (dates, times, pages, standards codes, arithmetic, rooms) around the personal
data that is (student IDs, family emails and phone numbers in several countries' forms)."""

from __future__ import annotations

NOTES = """\
Unit 3 planning notes - Grade 5 Mathematics (updated 2024-09-16, 10:45 AM)

Standards: CCSS.MATH.5.NF.1, CCSS.MATH.5.NF.2 and CCSS.MATH.CONTENT.5.NBT.B.7; NGSS 5-PS1-1.
Pacing: lessons 1-12 run from 09/16/2024 to 10/04/2024 (3 weeks). Use pages 112-118 of the
workbook and exercises 4.1 to 4.7; the quiz on page 123 has 20 questions worth 5 points each.
Period 3 meets 8:05-8:50 in room 214; period 6 meets 1:15-2:00 PM in room B-12.

Support plan:
- Student ID: 4471982 (Maria L.) needs extended time (1.5x) and a copy of the notes.
- Student-ID 5520913 sits near the board; his mother asked to be reached at
  maria.lopez@gmail.com or (555) 201-3344 after 4 pm.
- Pupil number 88123: parent email José.Núñez@escuela.mx, mobile 07700 900123.
- ID: 6617720 - contact the father (in Germany) on 0151 23456789 or +49 30 1234567.
- Learner #A-20931 uses the text-to-speech app; family line 555-123-4567x89.
- #3302817 was absent on 9/18; office: 5551234567, counselor j.smith (at) maple.k12.us.
- New student, ID 447 1982, email: kim.tran\uff20school.org; his sister writes from
  lee @ maplegrove.org.

Exit ticket: 3/4 + 1/8 = 7/8; order 0.25, 0.5 and 0.125; round 4,471,982 to the nearest
thousand; 12 x 15 = 180. Total time: 45 minutes. Group sizes 4-5. Call 911 only in an emergency.
"""

# The same notes as the gateway passes them on.
NOTES_REDACTED = """\
Unit 3 planning notes - Grade 5 Mathematics (updated 2024-09-16, 10:45 AM)

Standards: CCSS.MATH.5.NF.1, CCSS.MATH.5.NF.2 and CCSS.MATH.CONTENT.5.NBT.B.7; NGSS 5-PS1-1.
Pacing: lessons 1-12 run from 09/16/2024 to 10/04/2024 (3 weeks). Use pages 112-118 of the
workbook and exercises 4.1 to 4.7; the quiz on page 123 has 20 questions worth 5 points each.
Period 3 meets 8:05-8:50 in room 214; period 6 meets 1:15-2:00 PM in room B-12.

Support plan:
- [redacted student_id] (Maria L.) needs extended time (1.5x) and a copy of the notes.
- [redacted student_id] sits near the board; his mother asked to be reached at
  [redacted email] or [redacted phone] after 4 pm.
- [redacted student_id]: parent email [redacted email], mobile [redacted phone].
- [redacted student_id] - contact the father (in Germany) on [redacted phone] or [redacted phone].
- [redacted student_id] uses the text-to-speech app; family line [redacted phone].
- [redacted student_id] was absent on 9/18; office: [redacted phone], counselor [redacted email].
- New student, [redacted student_id], email: [redacted email]; his sister writes from
  [redacted email].

Exit ticket: 3/4 + 1/8 = 7/8; order 0.25, 0.5 and 0.125; round 4,471,982 to the nearest
thousand; 12 x 15 = 180. Total time: 45 minutes. Group sizes 4-5. Call 911 only in an emergency.
"""
