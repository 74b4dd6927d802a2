"""What learners do, announced for whoever keeps figures about it (analytics), so learning imports none of them.

Each signal is sent inside the writing transaction, after the row is saved."""

from django.dispatch import Signal

# progress, previous_position (None when the row was created), newly_completed
lesson_progress_saved = Signal()
# course_id, rated_at (the rating's created_at), before and after (the score, or None when there was none)
rating_changed = Signal()
# attempt, question_ids (the exam's questions when scored), wrong_question_ids
exam_attempt_scored = Signal()
